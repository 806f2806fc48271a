"""Spot checks of the schemas read from the providers' documentation (from_docs.py; for
azurerm and google combined with the Go source by from_source.py), against
facts about the providers.

  python3 -m unittest schemas/test_from_docs.py
"""
import json
import pathlib
import unittest

HERE = pathlib.Path(__file__).parent


def load(provider):
    return json.loads((HERE / (provider + ".json")).read_text())


AZURERM, GOOGLE, KUBERNETES = load("azurerm"), load("google"), load("kubernetes")


def attribute(schema, resource, path):
    """[type, flags] of the attribute at path ("spec.container.name") of a resource type."""
    *blocks, name = path.split(".")
    body = schema["resources"][resource]
    for b in blocks:
        body = body["b"][b][3]
    return body["a"][name]


def block(schema, resource, path):
    """[nesting, min_items, max_items, block, ("R")?] of the block at path."""
    *outer, name = path.split(".")
    body = schema["resources"][resource]
    for b in outer:
        body = body["b"][b][3]
    return body["b"][name]


def replaces(schema, resource, path):
    return "R" in attribute(schema, resource, path)[1]


class Headers(unittest.TestCase):
    def test_provider_version_and_source(self):
        for schema, provider in ((AZURERM, "azurerm"), (GOOGLE, "google"), (KUBERNETES, "kubernetes")):
            self.assertEqual(schema["provider"], "registry.terraform.io/hashicorp/" + provider)
            self.assertRegex(schema["version"], r"^\d+\.\d+\.\d+$")
            # azurerm and google combine the docs with the Go source (from_source.py)
            self.assertRegex(schema["source"], r"^docs (and Go source )?at [0-9a-f]{40}$")

    def test_every_resource_has_an_id(self):
        for schema in (AZURERM, GOOGLE, KUBERNETES):
            for name, body in schema["resources"].items():
                self.assertIn("c", body["a"]["id"][1], name)


class Azurerm(unittest.TestCase):
    def test_resource_group(self):
        self.assertEqual(attribute(AZURERM, "azurerm_resource_group", "name")[1], "rR")
        self.assertEqual(attribute(AZURERM, "azurerm_resource_group", "location")[1], "rR")
        self.assertEqual(attribute(AZURERM, "azurerm_resource_group", "tags"), [["map", "string"], "o"])

    def test_storage_account_replacement(self):
        for name in ("name", "resource_group_name", "location", "account_tier"):
            self.assertTrue(replaces(AZURERM, "azurerm_storage_account", name), name)
        # the doc says changing account_kind upgrades the account in place
        self.assertFalse(replaces(AZURERM, "azurerm_storage_account", "account_kind"))
        # replaced only between some replication types: the doc's condition is not a schema flag
        self.assertFalse(replaces(AZURERM, "azurerm_storage_account", "account_replication_type"))

    def test_storage_account_blocks(self):
        self.assertIn("cors_rule", block(AZURERM, "azurerm_storage_account", "blob_properties")[3]["b"])
        self.assertEqual(attribute(AZURERM, "azurerm_storage_account", "identity.principal_id")[1], "c")

    def test_linux_virtual_machine(self):
        self.assertFalse(replaces(AZURERM, "azurerm_linux_virtual_machine", "size"))
        self.assertTrue(replaces(AZURERM, "azurerm_linux_virtual_machine", "admin_username"))
        self.assertEqual(block(AZURERM, "azurerm_linux_virtual_machine", "source_image_reference")[4], "R")


class Google(unittest.TestCase):
    def test_compute_instance(self):
        self.assertEqual(attribute(GOOGLE, "google_compute_instance", "name")[1], "rR")
        self.assertEqual(attribute(GOOGLE, "google_compute_instance", "machine_type")[1], "r")
        # "boot_disk.disk_encryption_key_sha256" in the Attributes Reference
        self.assertEqual(attribute(GOOGLE, "google_compute_instance", "boot_disk.disk_encryption_key_sha256")[1], "c")

    def test_storage_bucket(self):
        self.assertEqual(attribute(GOOGLE, "google_storage_bucket", "name")[1][0], "r")
        self.assertEqual(attribute(GOOGLE, "google_storage_bucket", "location")[1][0], "r")
        self.assertEqual(block(GOOGLE, "google_storage_bucket", "hierarchical_namespace")[4], "R")  # "(Optional, ForceNew)"
        self.assertEqual(set(block(GOOGLE, "google_storage_bucket", "lifecycle_rule")[3]["b"]), {"action", "condition"})

    def test_replacement_in_other_phrasings(self):
        self.assertTrue(replaces(GOOGLE, "google_sql_user", "instance"))

    def test_iam_pages_are_left_out(self):
        self.assertNotIn("google_project_iam", GOOGLE["resources"])
        self.assertIn("google_project", GOOGLE["resources"])


class Kubernetes(unittest.TestCase):
    def test_namespace(self):
        for name in ("kubernetes_namespace", "kubernetes_namespace_v1"):
            self.assertEqual(block(KUBERNETES, name, "metadata")[:3], ["list", 1, 1])
            self.assertEqual(attribute(KUBERNETES, name, "metadata.name"), ["string", "oR"])

    def test_deployment(self):
        self.assertTrue(replaces(KUBERNETES, "kubernetes_deployment_v1", "metadata.namespace"))
        # containers of a pod template are updated in place, though the API text says "Cannot be updated"
        self.assertEqual(attribute(KUBERNETES, "kubernetes_deployment_v1", "spec.template.spec.container.name"), ["string", "r"])

    def test_pod_container_forces_new(self):
        self.assertEqual(attribute(KUBERNETES, "kubernetes_pod_v1", "spec.container.name"), ["string", "rR"])

    def test_secret_data_is_sensitive(self):
        self.assertEqual(attribute(KUBERNETES, "kubernetes_secret_v1", "data"), [["map", "string"], "os"])


if __name__ == "__main__":
    unittest.main()
