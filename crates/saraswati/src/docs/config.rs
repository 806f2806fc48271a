//! `.terraform-docs.yml`: the settings a module's docs are rendered with, read as
//! terraform-docs reads them (same keys, same defaults), so a repo that keeps one gets the
//! same text from either tool.

use serde::Deserialize;

/// Where a module's config file is looked for, in its directory.
pub const CONFIG_FILES: &[&str] = &[".terraform-docs.yml", ".config/.terraform-docs.yml"];

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ConfigError {
    #[error("{file}:{line}: {message}")]
    Invalid {
        file: String,
        line: usize,
        message: String,
    },
}

/// The settings of one module's docs; `Config::default()` is terraform-docs' defaults.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, rename_all = "kebab-case")]
pub struct Config {
    /// `markdown table`, `json`, … (the `--format` option when not given).
    pub formatter: Option<String>,
    pub header_from: String,
    pub footer_from: String,
    pub recursive: Recursive,
    pub sections: Sections,
    pub output: OutputSettings,
    pub output_values: OutputValues,
    pub sort: Sort,
    pub settings: Settings,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            formatter: None,
            header_from: "main.tf".into(),
            footer_from: String::new(),
            recursive: Recursive::default(),
            sections: Sections::default(),
            output: OutputSettings::default(),
            output_values: OutputValues::default(),
            sort: Sort::default(),
            settings: Settings::default(),
        }
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, rename_all = "kebab-case")]
pub struct Recursive {
    /// Document the modules under `path` too, each into its own `output.file`.
    pub enabled: bool,
    /// Where the modules are, relative to the module.
    pub path: String,
    /// Whether the module itself is documented too.
    pub include_main: bool,
    /// Directory names left out.
    pub exclude: Vec<String>,
}

impl Default for Recursive {
    fn default() -> Recursive {
        Recursive {
            enabled: false,
            path: "modules".into(),
            include_main: true,
            exclude: Vec::new(),
        }
    }
}

/// Outputs' values shown beside them, read from a `terraform output -json` file.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "kebab-case")]
pub struct OutputValues {
    pub enabled: bool,
    /// The file, relative to the module.
    pub from: String,
}

/// `sections.show` lists the only sections shown; `sections.hide` the ones left out.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "kebab-case")]
pub struct Sections {
    pub show: Vec<String>,
    pub hide: Vec<String>,
}

/// The sections of a module's docs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Header,
    Footer,
    Requirements,
    Providers,
    Modules,
    Resources,
    DataSources,
    Inputs,
    Outputs,
}

impl Section {
    fn name(self) -> &'static str {
        match self {
            Section::Header => "header",
            Section::Footer => "footer",
            Section::Requirements => "requirements",
            Section::Providers => "providers",
            Section::Modules => "modules",
            Section::Resources => "resources",
            Section::DataSources => "data-sources",
            Section::Inputs => "inputs",
            Section::Outputs => "outputs",
        }
    }
}

impl Sections {
    /// Whether `section` is shown. The footer is shown only when a file gives it.
    pub fn shows(&self, section: Section, footer_from: &str) -> bool {
        let listed = |names: &[String]| names.iter().any(|n| n == "all" || n == section.name());
        if section == Section::Footer && footer_from.is_empty() {
            return false;
        }
        if !self.show.is_empty() {
            return listed(&self.show) && !self.hide.iter().any(|n| n == section.name());
        }
        !listed(&self.hide)
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, rename_all = "kebab-case")]
pub struct OutputSettings {
    /// The file the docs are written into, relative to the module (none: print them).
    pub file: String,
    /// `inject` (between the template's first and last lines) or `replace` (the whole file).
    pub mode: String,
    /// The text around the docs; `{{ .Content }}` stands for them.
    pub template: String,
}

/// The template terraform-docs writes into a file by default.
pub const DEFAULT_TEMPLATE: &str = "<!-- BEGIN_TF_DOCS -->\n{{ .Content }}\n<!-- END_TF_DOCS -->";

impl Default for OutputSettings {
    fn default() -> OutputSettings {
        OutputSettings {
            file: String::new(),
            mode: "inject".into(),
            template: DEFAULT_TEMPLATE.into(),
        }
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, rename_all = "kebab-case")]
pub struct Sort {
    pub enabled: bool,
    /// `name`, `required` or `type`.
    pub by: String,
}

impl Default for Sort {
    fn default() -> Sort {
        Sort {
            enabled: true,
            by: "name".into(),
        }
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, rename_all = "kebab-case")]
pub struct Settings {
    /// Anchors on names (`<a name="input_x"></a>`).
    pub anchor: bool,
    /// Markdown headings closed (`## Inputs ##`).
    pub atx_closed: bool,
    pub color: bool,
    /// The Default column of inputs.
    pub default: bool,
    /// Descriptions as comments in `tfvars hcl`.
    pub description: bool,
    /// Markdown's `_` escaped in names and descriptions.
    pub escape: bool,
    /// Empty sections left out instead of saying "No inputs." and the like.
    pub hide_empty: bool,
    /// HTML in Markdown tables (`<br/>`, `<pre>`).
    pub html: bool,
    /// Heading level of sections (1 to 5; anything else is 2).
    pub indent: u8,
    pub lockfile: bool,
    pub read_comments: bool,
    /// The Required column of inputs.
    pub required: bool,
    pub sensitive: bool,
    /// The Type column of inputs.
    #[serde(rename = "type")]
    pub type_column: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            anchor: true,
            atx_closed: false,
            color: true,
            default: true,
            description: false,
            escape: true,
            hide_empty: false,
            html: true,
            indent: 2,
            lockfile: true,
            read_comments: true,
            required: true,
            sensitive: true,
            type_column: true,
        }
    }
}

/// Reads a config file's text; `file` names it in errors.
pub fn parse(file: &str, text: &str) -> Result<Config, ConfigError> {
    if text.trim().is_empty() {
        return Ok(Config::default());
    }
    let config: Config = serde_yaml_ng::from_str(text).map_err(|e| ConfigError::Invalid {
        file: file.to_string(),
        line: e.location().map(|l| l.line()).unwrap_or(1),
        message: e.to_string(),
    })?;
    if let Some(bad) = ["name", "required", "type"]
        .iter()
        .all(|by| *by != config.sort.by)
        .then_some(&config.sort.by)
    {
        return Err(ConfigError::Invalid {
            file: file.to_string(),
            line: line_of(text, "by:"),
            message: format!("sort.by is `{bad}`: it must be name, required or type"),
        });
    }
    if config.output.mode != "inject" && config.output.mode != "replace" {
        return Err(ConfigError::Invalid {
            file: file.to_string(),
            line: line_of(text, "mode:"),
            message: format!(
                "output.mode is `{}`: it must be inject or replace",
                config.output.mode
            ),
        });
    }
    if !config.output.file.is_empty() && !config.output.template.contains("{{ .Content }}") {
        return Err(ConfigError::Invalid {
            file: file.to_string(),
            line: line_of(text, "template:"),
            message: "output.template must contain `{{ .Content }}`".into(),
        });
    }
    Ok(config)
}

/// The 1-based line of the first line holding `key`, 1 when none does.
fn line_of(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| l.trim_start().starts_with(key))
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_is_terraform_docs_defaults() {
        assert_eq!(parse("c.yml", "").unwrap(), Config::default());
        let c = parse("c.yml", "formatter: markdown table\n").unwrap();
        assert_eq!(c.formatter.as_deref(), Some("markdown table"));
        assert!(c.sort.enabled && c.settings.anchor && c.settings.escape);
    }

    #[test]
    fn sections_shown_and_hidden() {
        let c = parse("c.yml", "sections:\n  show: [inputs, outputs]\n").unwrap();
        assert!(c.sections.shows(Section::Inputs, ""));
        assert!(!c.sections.shows(Section::Providers, ""));
        let c = parse("c.yml", "sections:\n  hide: [providers]\n").unwrap();
        assert!(!c.sections.shows(Section::Providers, ""));
        assert!(c.sections.shows(Section::Header, ""));
        assert!(!c.sections.shows(Section::Footer, ""));
        assert!(c.sections.shows(Section::Footer, "footer.md"));
    }

    #[test]
    fn bad_files_are_errors_naming_file_and_line() {
        let err = parse("m/.terraform-docs.yml", "sort:\n  enabled: [\n").unwrap_err();
        let ConfigError::Invalid { file, line, .. } = &err;
        assert_eq!(file, "m/.terraform-docs.yml");
        assert!(*line >= 2, "{err}");
        let err = parse("c.yml", "formatter: json\nsort:\n  by: size\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "c.yml:3: sort.by is `size`: it must be name, required or type"
        );
        let err = parse("c.yml", "settings:\n  indent: lots\n").unwrap_err();
        assert!(err.to_string().starts_with("c.yml:2:"), "{err}");
    }
}
