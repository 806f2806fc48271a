#!/usr/bin/env python3
"""Check some agreement cases end to end with a real `terraform plan`.

For each case below, a configuration with the "before" value is planned as a
creation; its planned values (the provider's defaults filled in) plus an id
become the state, the configuration is given the "after" value, and
`terraform plan -refresh=false` against the mock-configured provider, read
with `terraform show -json`, tells whether a replacement is planned. That is compared
with the action recorded in fixtures/replace-agreement/aws.json for the same
type and argument (planned there with dummy values over the raw protocol), and
with whether schemas/probe/aws-requires-replace.json lists the argument.

    python3 crosscheck.py [PLUGIN_DIR]   # default /opt/tf-plugins

Needs terraform >= 1.5 on PATH and the provider under PLUGIN_DIR.
"""

import json
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
AGREEMENT = HERE.parent.parent / "fixtures" / "replace-agreement" / "aws.json"

PROVIDER_BLOCK = """terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}

provider "aws" {
  access_key                  = "mock"
  secret_key                  = "mock"
  region                      = "us-east-1"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
"""

# (type, id in state, other arguments, argument, before, after)
CASES = [
    ("aws_sqs_queue", "https://sqs.us-east-1.amazonaws.com/123456789012/one",
     {}, "name", "one", "two"),
    ("aws_sqs_queue", "https://sqs.us-east-1.amazonaws.com/123456789012/one",
     {"name": "one"}, "visibility_timeout_seconds", 30, 60),
    ("aws_iam_role", "one", {"assume_role_policy": "{}"}, "name", "one", "two"),
    ("aws_iam_role", "one", {"name": "one", "assume_role_policy": "{}"},
     "description", "before", "after"),
    ("aws_cloudwatch_log_group", "one", {"name": "one"}, "retention_in_days", 7, 14),
    ("aws_cloudwatch_log_group", "one", {}, "name", "one", "two"),
    ("aws_security_group", "sg-12345678", {"name": "one", "vpc_id": "vpc-12345678"},
     "description", "before", "after"),
    ("aws_kms_key", "1234abcd-12ab-34cd-56ef-1234567890ab", {}, "description", "before", "after"),
    ("aws_s3_bucket", "one-bucket", {}, "bucket", "one-bucket", "two-bucket"),
    ("aws_sns_topic", "arn:aws:sns:us-east-1:123456789012:one", {}, "name", "one", "two"),
    ("aws_iam_policy", "arn:aws:iam::123456789012:policy/one", {"policy": "{}"},
     "name", "one", "two"),
    ("aws_route", "r-rtb-123456781080289494", {"route_table_id": "rtb-12345678",
                                               "gateway_id": "igw-12345678"},
     "destination_cidr_block", "10.0.0.0/16", "10.1.0.0/16"),
    ("aws_vpc_security_group_ingress_rule", "sgr-12345678",
     {"security_group_id": "sg-12345678", "ip_protocol": "tcp", "from_port": 443,
      "to_port": 443}, "cidr_ipv4", "10.0.0.0/16", "10.1.0.0/16"),
    ("aws_vpc_security_group_ingress_rule", "sgr-12345678",
     {"ip_protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_ipv4": "10.0.0.0/16"},
     "security_group_id", "sg-12345678", "sg-87654321"),
]


def hcl(value):
    return json.dumps(value)


def run(directory, *args):
    return subprocess.run(["terraform", *args], cwd=directory, check=True,
                          capture_output=True, text=True).stdout


def schema_versions(directory):
    schema = json.loads(run(directory, "providers", "schema", "-json"))
    resources = schema["provider_schemas"]["registry.terraform.io/hashicorp/aws"]["resource_schemas"]
    return {name: s["version"] for name, s in resources.items()}


def plan(directory, type_name, arguments):
    """`terraform plan` of one resource; the JSON of that plan."""
    body = "".join(f"  {k} = {hcl(v)}\n" for k, v in arguments.items())
    (directory / "main.tf").write_text(f'{PROVIDER_BLOCK}\nresource "{type_name}" "c" {{\n{body}}}\n')
    run(directory, "plan", "-refresh=false", "-input=false", "-out=plan.bin")
    return json.loads(run(directory, "show", "-json", "plan.bin"))


def terraform_plans_replace(directory, versions, case):
    type_name, resource_id, others, argument, before, after = case
    (directory / "terraform.tfstate").unlink(missing_ok=True)
    created = plan(directory, type_name, {**others, argument: before})
    values = created["planned_values"]["root_module"]["resources"][0]["values"]
    state = {"version": 4, "terraform_version": "1.11.4", "serial": 1,
             "lineage": str(uuid.uuid4()), "outputs": {}, "check_results": None,
             "resources": [{"mode": "managed", "type": type_name, "name": "c",
                            "provider": 'provider["registry.terraform.io/hashicorp/aws"]',
                            "instances": [{"schema_version": versions[type_name],
                                           "attributes": {**values, "id": resource_id},
                                           "sensitive_attributes": []}]}]}
    (directory / "terraform.tfstate").write_text(json.dumps(state))
    change = plan(directory, type_name, {**others, argument: after})["resource_changes"][0]["change"]
    return "delete" in change["actions"] and "create" in change["actions"], change.get("replace_paths")


def main():
    plugin_dir = sys.argv[1] if len(sys.argv) > 1 else "/opt/tf-plugins"
    forcing = json.loads((HERE / "aws-requires-replace.json").read_text())["resources"]
    recorded = {(c["type"], c["argument"]): c["action"]
                for c in json.loads(AGREEMENT.read_text())["cases"]}
    agree = 0
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        (directory / "main.tf").write_text(PROVIDER_BLOCK)
        run(directory, "init", "-input=false", f"-plugin-dir={plugin_dir}")
        versions = schema_versions(directory)
        for case in CASES:
            replaced, paths = terraform_plans_replace(directory, versions, case)
            action = recorded.get((case[0], case[3]), "absent")
            listed = case[3] in forcing[case[0]]
            same = replaced == (action == "replace") == listed
            agree += same
            print(f"{'agree   ' if same else 'DISAGREE'} {case[0]}.{case[3]}: terraform "
                  f"{'replace' if replaced else 'no replace'} {paths or ''}, probe {action}, "
                  f"{'listed' if listed else 'not listed'} as forcing replacement")
    print(f"{agree}/{len(CASES)} agree")
    sys.exit(agree != len(CASES))


if __name__ == "__main__":
    main()
