"""Tests of from_source.py's reading of Go schemas, on small inline Go files, and spot checks of
the combined schemas against facts about the providers.

  python3 -m unittest schemas/test_from_source.py
"""
import json
import pathlib
import sys
import unittest

HERE = pathlib.Path(__file__).parent
sys.path.insert(0, str(HERE))
import from_source as fs  # noqa: E402

GOOGLE_MODULE = fs.MODULES["google"]
AZURERM_MODULE = fs.MODULES["azurerm"]


def google(files):
    repo = fs.Repo(files, GOOGLE_MODULE)
    return {n: fs.to_block(a) for n, a in fs.google_resources(repo, fs.Reader(repo)).items()}


def azurerm(files):
    repo = fs.Repo(files, AZURERM_MODULE)
    return {n: fs.to_block(a) for n, a in fs.azurerm_resources(repo, fs.Reader(repo)).items()}


GOOGLE_INSTANCE = '''package compute

import (
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
	"github.com/hashicorp/terraform-provider-google/google/registry"
)

func ResourceComputeThing() *schema.Resource {
	return &schema.Resource{
		Identity: &schema.ResourceIdentity{
			SchemaFunc: func() map[string]*schema.Schema {
				return map[string]*schema.Schema{"project": {Type: schema.TypeString, Optional: true}}
			},
		},
		Schema: map[string]*schema.Schema{
			// the name, "with: a comment, and braces {"
			"name": {
				Type:     schema.TypeString,
				Required: true,
				ForceNew: true,
				StateFunc: func(v interface{}) string {
					return "x}"
				},
			},
			"zone": {
				Type:     schema.TypeString,
				Optional: true,
				Computed: true,
				ForceNew: true,
			},
			"size": {Type: schema.TypeInt, Optional: true},
			"ratio": {Type: schema.TypeFloat, Optional: true},
			"enabled": {Type: schema.TypeBool, Optional: true, Default: true},
			"labels": {Type: schema.TypeMap, Optional: true, Elem: &schema.Schema{Type: schema.TypeString}},
			"raw": {Type: schema.TypeMap, Optional: true},
			"tags": {Type: schema.TypeSet, Optional: true, Elem: &schema.Schema{Type: schema.TypeString}},
			"password": {Type: schema.TypeString, Optional: true, Sensitive: true},
			"boot_disk": {
				Type:     schema.TypeList,
				Required: true,
				ForceNew: true,
				MaxItems: 1,
				Elem: &schema.Resource{
					Schema: map[string]*schema.Schema{
						"image": {Type: schema.TypeString, Optional: true, ForceNew: true},
						"mode":  {Type: schema.TypeString, Optional: true},
					},
				},
			},
			"rule": {
				Type:     schema.TypeSet,
				Optional: true,
				MinItems: 2,
				Elem:     ruleElem(),
			},
			"status": {
				Type:     schema.TypeList,
				Computed: true,
				Elem: &schema.Resource{
					Schema: map[string]*schema.Schema{
						"state": {Type: schema.TypeString, Computed: true},
					},
				},
			},
		},
	}
}

func ruleElem() *schema.Resource {
	return &schema.Resource{Schema: map[string]*schema.Schema{"port": {Type: schema.TypeInt, Required: true}}}
}

func init() {
	registry.Schema{
		Name:        "google_compute_thing",
		ProductName: "compute",
		Type:        registry.SchemaTypeResource,
		Schema:      ResourceComputeThing(),
	}.Register()
	registry.Schema{
		Name:   "google_compute_thing",
		Type:   registry.SchemaTypeDataSource,
		Schema: DataSourceComputeThing(),
	}.Register()
}
'''

GOOGLE_SINK = '''package logging

import (
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
	"github.com/hashicorp/terraform-provider-google/google/registry"
	"github.com/hashicorp/terraform-provider-google/google/tpgresource"
)

var baseSchema = map[string]*schema.Schema{
	"filter": {Type: schema.TypeString, Optional: true},
	"gone":   {Type: schema.TypeString, Optional: true},
}

func sinkSchema() map[string]*schema.Schema {
	return map[string]*schema.Schema{"destination": {Type: schema.TypeString, Required: true}}
}

func addOns() map[string]*schema.Schema {
	return map[string]*schema.Schema{"add_on": {Type: schema.TypeBool, Optional: true}}
}

func ResourceLoggingFolderSink() *schema.Resource {
	schm := &schema.Resource{
		Schema: tpgresource.MergeSchemas(baseSchema, sinkSchema()),
	}
	schm.Schema["folder"] = &schema.Schema{
		Type:     schema.TypeString,
		Required: true,
		ForceNew: true,
		StateFunc: func(v interface{}) string {
			return v.(string)
		},
	}
	delete(schm.Schema, "gone")
	for k, v := range addOns() {
		schm.Schema[k] = v
	}
	return schm
}

func init() {
	registry.Schema{Name: "google_logging_folder_sink", Type: registry.SchemaTypeResource, Schema: ResourceLoggingFolderSink()}.Register()
}
'''

AZURERM_HELPERS = '''package commonschema

import "github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"

func Location() *schema.Schema {
	return &schema.Schema{
		Type:     schema.TypeString,
		Required: true,
		ForceNew: true,
	}
}

func ResourceGroupName() *schema.Schema {
	return &schema.Schema{Type: schema.TypeString, Required: true, ForceNew: true}
}

func Tags() *schema.Schema {
	return &schema.Schema{
		Type:     schema.TypeMap,
		Optional: true,
		Elem: &schema.Schema{
			Type: schema.TypeString,
		},
	}
}
'''

AZURERM_REGISTRATION = '''package thing

import "github.com/hashicorp/terraform-provider-azurerm/internal/tf/pluginsdk"

type Registration struct{}

func (r Registration) SupportedResources() map[string]*pluginsdk.Resource {
	return map[string]*pluginsdk.Resource{
		"azurerm_thing":      resourceThing(),
		"azurerm_other":      resourceOther(),
		"azurerm_with_rules": resourceWithRules(),
	}
}

func (r Registration) Resources() []sdk.Resource {
	return []sdk.Resource{
		TypedThingResource{},
		&UnnamedReceiverResource{},
	}
}
'''

AZURERM_THING = '''package thing

import (
	"github.com/hashicorp/go-azure-helpers/resourcemanager/commonschema"
	"github.com/hashicorp/terraform-provider-azurerm/internal/tf/pluginsdk"
)

func resourceThing() *pluginsdk.Resource {
	resource := pluginsdk.Resource{
		Schema: map[string]*pluginsdk.Schema{
			"name": {
				Type:     pluginsdk.TypeString,
				Required: true,
				ForceNew: true,
			},
			"resource_group_name": commonschema.ResourceGroupName(),
			"location":            commonschema.Location(),
			"tags":                commonschema.Tags(),
			"sku":                 {Type: pluginsdk.TypeString, Required: !features.FivePointOh()},
		},
	}
	return &resource
}

func resourceOther() *pluginsdk.Resource {
	schema := map[string]*pluginsdk.Schema{
		"share_id": {Type: pluginsdk.TypeString, Required: true, ForceNew: true},
	}
	return &pluginsdk.Resource{
		Schema: schema,
	}
}

func resourceWithRules() *pluginsdk.Resource {
	return &pluginsdk.Resource{
		Schema: withRules(map[string]*pluginsdk.Schema{
			"name": {Type: pluginsdk.TypeString, Required: true, ForceNew: true},
		}),
	}
}

func withRules(s map[string]*pluginsdk.Schema) map[string]*pluginsdk.Schema {
	s["listen"] = &pluginsdk.Schema{Type: pluginsdk.TypeBool, Optional: true}
	return s
}

type TypedThingResource struct{}

func (r TypedThingResource) ResourceType() string {
	return "azurerm_typed_thing"
}

func (r TypedThingResource) Arguments() map[string]*pluginsdk.Schema {
	return func() map[string]*pluginsdk.Schema {
		return map[string]*pluginsdk.Schema{
			"name":     {Type: pluginsdk.TypeString, Required: true, ForceNew: true},
			"location": commonschema.Location(),
		}
	}()
}

type UnnamedReceiverResource struct{}

const unnamedReceiverType = "azurerm_unnamed_receiver"

func (UnnamedReceiverResource) ResourceType() string { return unnamedReceiverType }

func (*UnnamedReceiverResource) Arguments() map[string]*pluginsdk.Schema {
	return map[string]*pluginsdk.Schema{"name": {Type: pluginsdk.TypeString, Required: true, ForceNew: true}}
}

func (r TypedThingResource) Attributes() map[string]*pluginsdk.Schema {
	return map[string]*pluginsdk.Schema{
		"endpoint": {Type: pluginsdk.TypeString, Computed: true},
	}
}
'''


class GoText(unittest.TestCase):
    def test_comments_are_blanked_and_strings_kept(self):
        text = 'a := "// not a comment" // a comment\nb := `/* raw */` /* gone */'
        self.assertEqual(fs.strip_comments(text), 'a := "// not a comment" \nb := `/* raw */`  ')

    def test_key_values_split_at_top_level_commas(self):
        items = fs.key_values('Type: schema.TypeString, Elem: &schema.Schema{Type: x, Optional: true}, "a, b": f(1, 2)')
        self.assertEqual(items, [("Type", "schema.TypeString"), ("Elem", "&schema.Schema{Type: x, Optional: true}"),
                                 ("a, b", "f(1, 2)")])


class Google(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.res = google({"google/services/compute/resource_compute_thing.go": GOOGLE_INSTANCE,
                          "google/services/logging/resource_logging_folder_sink.go": GOOGLE_SINK})

    def test_registered_resources_only(self):
        self.assertEqual(set(self.res), {"google_compute_thing", "google_logging_folder_sink"})

    def test_attributes(self):
        a = self.res["google_compute_thing"]["a"]
        self.assertEqual(a["name"], ["string", "rR"])
        self.assertEqual(a["zone"], ["string", "ocR"])
        self.assertEqual(a["size"], ["number", "o"])
        self.assertEqual(a["ratio"], ["number", "o"])
        self.assertEqual(a["enabled"], ["bool", "o"])
        self.assertEqual(a["labels"], [["map", "string"], "o"])
        self.assertEqual(a["raw"], [["map", "string"], "o"])
        self.assertEqual(a["tags"], [["set", "string"], "o"])
        self.assertEqual(a["password"], ["string", "os"])
        self.assertNotIn("project", a)  # of the identity schema, not an argument

    def test_blocks(self):
        b = self.res["google_compute_thing"]["b"]
        self.assertEqual(b["boot_disk"][:3], ["list", 1, 1])
        self.assertEqual(b["boot_disk"][4], "R")
        self.assertEqual(b["boot_disk"][3]["a"], {"image": ["string", "oR"], "mode": ["string", "o"]})
        # an Elem from a function; an optional block has no minimum
        self.assertEqual(b["rule"], ["set", 0, 0, {"a": {"port": ["number", "r"]}, "b": {}}])

    def test_computed_nested_resource_is_an_attribute(self):
        a = self.res["google_compute_thing"]["a"]
        self.assertEqual(a["status"], [["list", ["object", {"state": "string"}]], "c"])

    def test_merged_schemas_and_later_assignments(self):
        a = self.res["google_logging_folder_sink"]["a"]
        self.assertEqual(set(a), {"filter", "destination", "folder", "add_on"})
        self.assertEqual(a["folder"], ["string", "rR"])


class Azurerm(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.res = azurerm({
            "vendor/github.com/hashicorp/go-azure-helpers/resourcemanager/commonschema/schema.go": AZURERM_HELPERS,
            "internal/services/thing/registration.go": AZURERM_REGISTRATION,
            "internal/services/thing/thing_resource.go": AZURERM_THING,
        })

    def test_helpers_of_other_packages(self):
        a = self.res["azurerm_thing"]["a"]
        self.assertEqual(a["name"], ["string", "rR"])
        self.assertEqual(a["resource_group_name"], ["string", "rR"])
        self.assertEqual(a["location"], ["string", "rR"])
        self.assertEqual(a["tags"], [["map", "string"], "o"])
        # a flag that is not a literal is not read
        self.assertEqual(a["sku"], ["string", ""])

    def test_local_schema_variable(self):
        self.assertEqual(self.res["azurerm_other"]["a"], {"share_id": ["string", "rR"]})

    def test_function_adding_to_the_map_it_is_given(self):
        self.assertEqual(self.res["azurerm_with_rules"]["a"], {"listen": ["bool", "o"], "name": ["string", "rR"]})

    def test_typed_resource_with_unnamed_receiver_and_constant_name(self):
        self.assertEqual(self.res["azurerm_unnamed_receiver"]["a"], {"name": ["string", "rR"]})

    def test_typed_resource(self):
        self.assertEqual(self.res["azurerm_typed_thing"]["a"], {
            "endpoint": ["string", "c"], "location": ["string", "rR"], "name": ["string", "rR"]})


class Merge(unittest.TestCase):
    def test_source_wins_where_it_read_and_docs_stay_elsewhere(self):
        docs = {"a": {"name": ["dynamic", "r"], "zone": ["dynamic", "o"], "sku": ["dynamic", "oR"],
                      "only_docs": ["dynamic", "c"]},
                "b": {"disk": ["list", 0, 0, {"a": {"note": ["dynamic", "c"]}, "b": {}}]}}
        src = {"a": {"name": ["string", "rR"], "zone": ["string", "ocR"], "sku": ["string", ""]},
               "b": {"disk": ["list", 1, 1, {"a": {"size": ["number", "r"]}, "b": {}}, "R"]}}
        out = fs.merge(docs, src)
        self.assertEqual(out["a"]["name"], ["string", "rR"])
        self.assertEqual(out["a"]["zone"], ["string", "ocR"])
        # read the type, not the flags: the docs' required/optional, the source's R (none)
        self.assertEqual(out["a"]["sku"], ["string", "o"])
        self.assertEqual(out["a"]["only_docs"], ["dynamic", "c"])
        self.assertEqual(out["b"]["disk"][:3], ["list", 1, 1])
        self.assertEqual(out["b"]["disk"][4], "R")
        self.assertEqual(out["b"]["disk"][3]["a"], {"note": ["dynamic", "c"], "size": ["number", "r"]})


def load(provider):
    return json.loads((HERE / (provider + ".json")).read_text())


class Combined(unittest.TestCase):
    """The regenerated schemas, against the providers' Go source."""

    @classmethod
    def setUpClass(cls):
        cls.azurerm, cls.google = load("azurerm"), load("google")

    def attribute(self, schema, resource, name):
        return schema["resources"][resource]["a"][name]

    def test_headers_name_both_readings(self):
        for schema in (self.azurerm, self.google):
            self.assertRegex(schema["source"], r"^docs and Go source at [0-9a-f]{40}$")

    def test_google_replacement_the_docs_do_not_state(self):
        self.assertEqual(self.attribute(self.google, "google_compute_instance", "zone"), ["string", "ocR"])
        self.assertEqual(self.attribute(self.google, "google_storage_bucket", "name"), ["string", "rR"])
        self.assertEqual(self.google["resources"]["google_compute_instance"]["b"]["boot_disk"][4], "R")
        self.assertEqual(self.attribute(self.google, "google_compute_instance", "machine_type"), ["string", "r"])

    def test_azurerm_types_and_replacement(self):
        self.assertEqual(self.attribute(self.azurerm, "azurerm_resource_group", "location"), ["string", "rR"])
        self.assertEqual(self.attribute(self.azurerm, "azurerm_subnet", "virtual_network_name"), ["string", "rR"])
        self.assertEqual(self.attribute(self.azurerm, "azurerm_kubernetes_cluster", "dns_prefix"), ["string", "oR"])
        self.assertEqual(self.attribute(self.azurerm, "azurerm_storage_account", "account_kind"), ["string", "o"])


if __name__ == "__main__":
    unittest.main()
