//! Ansible output: an inventory (`inventory.yml`, the compute tier's group, filled in after
//! apply) and a playbook (`playbook.yml`) that installs the blueprint's packages, creates its
//! users and hardens the hosts (SSH without passwords or root logins, automatic security
//! updates, kernel network settings). Only `ansible.builtin` modules, so a bare ansible-core
//! runs it.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::expand::Expansion;
use super::schema::{Blueprint, Cloud};

#[derive(Debug, thiserror::Error)]
#[error("cannot write Ansible YAML: {0}")]
pub struct AnsibleError(#[from] serde_yaml_ng::Error);

/// The group of the compute tier's hosts.
pub fn group(bp: &Blueprint) -> String {
    format!("{}_{}_compute", bp.name, bp.environment).replace('-', "_")
}

/// `inventory.yml` and `playbook.yml`.
pub fn render(
    bp: &Blueprint,
    expansion: &Expansion,
) -> Result<BTreeMap<String, String>, AnsibleError> {
    let group = group(bp);
    let remote_user = match bp.cloud {
        Cloud::Aws => "ubuntu".to_string(),
        Cloud::Gcp => "debian".to_string(),
        Cloud::Azure => bp
            .components
            .compute
            .as_ref()
            .and_then(|c| c.users.first())
            .map(|u| u.name.clone())
            .unwrap_or_else(|| "azureadmin".into()),
    };
    let count = bp.components.compute.as_ref().map(|c| c.count).unwrap_or(0);
    let inventory = json!({
        "all": {
            "children": {
                group.clone(): {
                    "hosts": {},
                    "vars": {
                        "ansible_user": remote_user,
                        "ansible_become": true,
                        "blueprint_name": bp.name,
                        "blueprint_version": bp.version,
                        "blueprint_environment": bp.environment,
                        "blueprint_cloud": expansion.cloud.as_str(),
                        "blueprint_expected_hosts": count,
                    }
                }
            }
        }
    });
    let compute = bp.components.compute.as_ref();
    let mut packages: Vec<String> = vec![
        "unattended-upgrades".into(),
        "auditd".into(),
        "chrony".into(),
    ];
    packages.extend(compute.map(|c| c.packages.clone()).unwrap_or_default());
    packages.sort();
    packages.dedup();
    let users: Vec<Value> = compute
        .map(|c| {
            c.users
                .iter()
                .map(|u| json!({"name": u.name, "sudo": u.sudo}))
                .collect()
        })
        .unwrap_or_default();
    let sshd = [
        ("PermitRootLogin", "no"),
        ("PasswordAuthentication", "no"),
        ("KbdInteractiveAuthentication", "no"),
        ("X11Forwarding", "no"),
        ("MaxAuthTries", "3"),
    ];
    let sysctl = "net.ipv4.conf.all.accept_redirects = 0\nnet.ipv4.conf.all.send_redirects = 0\nnet.ipv4.conf.all.rp_filter = 1\nnet.ipv4.tcp_syncookies = 1\nkernel.kptr_restrict = 2\nkernel.dmesg_restrict = 1\n";
    let mut tasks = vec![
        json!({
            "name": "Install packages",
            "ansible.builtin.apt": {"name": "{{ blueprint_packages }}", "state": "present", "update_cache": true}
        }),
        json!({
            "name": "Create users",
            "ansible.builtin.user": {
                "name": "{{ item.name }}",
                "shell": "/bin/bash",
                "groups": "{{ 'sudo' if item.sudo else omit }}",
                "append": true,
                "password": "!",
                "state": "present"
            },
            "loop": "{{ blueprint_users }}"
        }),
    ];
    for (key, value) in sshd {
        tasks.push(json!({
            "name": format!("SSH: {key} {value}"),
            "ansible.builtin.lineinfile": {
                "path": "/etc/ssh/sshd_config",
                "regexp": format!("^#?{key}\\s"),
                "line": format!("{key} {value}"),
                "validate": "/usr/sbin/sshd -t -f %s"
            },
            "notify": "Restart sshd"
        }));
    }
    tasks.push(json!({
        "name": "Automatic security updates",
        "ansible.builtin.copy": {
            "dest": "/etc/apt/apt.conf.d/20auto-upgrades",
            "content": "APT::Periodic::Update-Package-Lists \"1\";\nAPT::Periodic::Unattended-Upgrade \"1\";\n",
            "mode": "0644"
        }
    }));
    tasks.push(json!({
        "name": "Kernel network hardening",
        "ansible.builtin.copy": {"dest": "/etc/sysctl.d/60-aetheredge.conf", "content": sysctl, "mode": "0644"},
        "notify": "Reload sysctl"
    }));
    tasks.push(json!({
        "name": "Audit daemon running",
        "ansible.builtin.service": {"name": "auditd", "state": "started", "enabled": true}
    }));
    let playbook = json!([{
        "name": format!("{} {} compute tier (blueprint version {})", bp.name, bp.environment, bp.version),
        "hosts": group,
        "become": true,
        "vars": {"blueprint_packages": packages, "blueprint_users": users},
        "tasks": tasks,
        "handlers": [
            {"name": "Restart sshd", "ansible.builtin.service": {"name": "ssh", "state": "restarted"}},
            {"name": "Reload sysctl", "ansible.builtin.command": {"cmd": "sysctl --system"}, "changed_when": true}
        ]
    }]);
    let mut files = BTreeMap::new();
    files.insert(
        "inventory.yml".to_string(),
        format!("---\n{}", serde_yaml_ng::to_string(&inventory)?),
    );
    files.insert(
        "playbook.yml".to_string(),
        format!("---\n{}", serde_yaml_ng::to_string(&playbook)?),
    );
    Ok(files)
}
