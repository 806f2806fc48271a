#!/usr/bin/env python3
"""Writes a Terraform repo of N resources (default 5,000) for Vishnu's benchmark: a mix of
AWS, Azure and GCP resources the built-in library judges, some compliant and some not,
spread over files of 50 resources. With a third argument K, also K policies of the repo's own
under policy/: half conftest policies (each Terraform file as its HCL2 document), half plan
policies (`input.resource_changes`), each checking its own attribute and threshold.
Usage: gen_policy_repo.py DIR [N] [K]"""
import os
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
k = int(sys.argv[3]) if len(sys.argv) > 3 else 0
os.makedirs(out, exist_ok=True)

KINDS = [
    lambda i: f'''resource "aws_s3_bucket" "b{i}" {{
  bucket = "bench-{i}"
  acl    = "{'public-read' if i % 7 == 0 else 'private'}"
  tags   = {{ Owner = "team-{i % 10}" }}
}}
''',
    lambda i: f'''resource "aws_s3_bucket_public_access_block" "b{i - 1}" {{
  bucket                  = aws_s3_bucket.b{i - 1}.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = {'true' if i % 3 else 'false'}
  restrict_public_buckets = true
}}
''',
    lambda i: f'''resource "aws_db_instance" "db{i}" {{
  identifier              = "db-{i}"
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  storage_encrypted       = {'true' if i % 5 else 'false'}
  backup_retention_period = {i % 14}
  publicly_accessible     = {'true' if i % 11 == 0 else 'false'}
}}
''',
    lambda i: f'''resource "aws_security_group" "sg{i}" {{
  name = "sg-{i}"
  ingress {{
    from_port   = {22 if i % 4 == 0 else 443}
    to_port     = {22 if i % 4 == 0 else 443}
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }}
}}
''',
    lambda i: f'''resource "aws_instance" "vm{i}" {{
  ami           = "ami-{i}"
  instance_type = "t3.micro"
  tags          = {{ Name = "vm-{i}" }}
}}
''',
    lambda i: f'''resource "aws_kms_key" "k{i}" {{
  description         = "key {i}"
  enable_key_rotation = {'true' if i % 2 else 'false'}
}}
''',
    lambda i: f'''resource "azurerm_storage_account" "sa{i}" {{
  name                     = "sa{i}"
  resource_group_name      = "rg"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  min_tls_version          = "{'TLS1_0' if i % 6 == 0 else 'TLS1_2'}"
}}
''',
    lambda i: f'''resource "google_storage_bucket" "gb{i}" {{
  name                        = "gb-{i}"
  location                    = "EU"
  uniform_bucket_level_access = {'true' if i % 2 else 'false'}
  labels                      = {{ owner = "team" }}
}}
''',
    lambda i: f'''resource "google_compute_firewall" "fw{i}" {{
  name          = "fw-{i}"
  network       = "default"
  source_ranges = ["0.0.0.0/0"]
  allow {{
    protocol = "tcp"
    ports    = ["{22 if i % 5 == 0 else 443}"]
  }}
}}
''',
    lambda i: f'''resource "aws_cloudwatch_log_group" "lg{i}" {{
  name              = "lg-{i}"
  retention_in_days = {30 if i % 2 else 400}
}}
''',
]

with open(os.path.join(out, "providers.tf"), "w") as f:
    f.write('provider "aws" {\n  region = "eu-west-1"\n}\n')
per_file = 50
for start in range(0, n, per_file):
    with open(os.path.join(out, f"r{start // per_file:04d}.tf"), "w") as f:
        for i in range(start, min(start + per_file, n)):
            f.write(KINDS[i % len(KINDS)](i))
            f.write("\n")

if k:
    os.makedirs(os.path.join(out, "policy"), exist_ok=True)
    for j in range(k):
        if j % 2 == 0:
            text = f"""package main

import rego.v1

deny_retention_{j} contains msg if {{
\tsome name, groups in input.resource.aws_cloudwatch_log_group
\tsome group in groups
\tgroup.retention_in_days > {365 + j}
\tmsg := sprintf("log group %s keeps logs over {365 + j} days", [name])
}}
"""
        else:
            text = f"""package user.p{j}

import rego.v1

deny contains msg if {{
\tsome rc in input.resource_changes
\trc.type == "google_storage_bucket"
\tnot rc.change.after.uniform_bucket_level_access
\tendswith(rc.name, "{j % 10}")
\tmsg := sprintf("%s mixes ACLs and IAM (rule {j})", [rc.address])
}}
"""
        with open(os.path.join(out, "policy", f"p{j:03d}.rego"), "w") as f:
            f.write(text)
