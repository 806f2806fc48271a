//! IP network functions: `cidrhost`, `cidrnetmask`, `cidrsubnet`, `cidrsubnets`, for IPv4
//! and IPv6.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::Fx;
use crate::iac::eval::EvalError;
use crate::iac::value::Value;

/// An IP network as the cidr functions see it: the network address, masked.
struct Net {
    addr: u128,
    prefix: u32,
    /// 32 for IPv4, 128 for IPv6.
    bits: u32,
}

impl Net {
    fn parse(fx: &Fx, s: &str) -> Result<Net, EvalError> {
        let net: ipnet::IpNet = s.parse().map_err(|_| {
            fx.param_err(
                "prefix",
                format!("invalid CIDR expression: invalid CIDR address: {s}"),
            )
        })?;
        Ok(match net {
            ipnet::IpNet::V4(n) => Net {
                addr: u128::from(u32::from(n.network())),
                prefix: u32::from(n.prefix_len()),
                bits: 32,
            },
            ipnet::IpNet::V6(n) => Net {
                addr: u128::from(n.network()),
                prefix: u32::from(n.prefix_len()),
                bits: 128,
            },
        })
    }
}

/// The addresses of a `bits`-bit space, all ones.
fn all_ones(bits: u32) -> u128 {
    if bits >= 128 {
        u128::MAX
    } else {
        (1u128 << bits) - 1
    }
}

/// The network mask of a `/prefix` in a `bits`-bit space.
fn netmask(prefix: u32, bits: u32) -> u128 {
    all_ones(bits) & !all_ones(bits.saturating_sub(prefix))
}

fn show_addr(addr: u128, bits: u32) -> String {
    if bits == 32 {
        Ipv4Addr::from(addr as u32).to_string()
    } else {
        Ipv6Addr::from(addr).to_string()
    }
}

pub(super) fn f_cidrsubnet(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let net = Net::parse(fx, &fx.string("prefix", &a[0])?)?;
    let newbits = fx.int("newbits", &a[1])?;
    let netnum = fx.int128("netnum", &a[2])?;
    if newbits < 0 {
        return Err(fx.param_err("newbits", "must not be negative"));
    }
    let new_prefix = i64::from(net.prefix) + newbits;
    if new_prefix > i64::from(net.bits) {
        return Err(fx.err(format!(
            "insufficient address space to extend prefix of {} by {newbits}",
            net.prefix
        )));
    }
    let new_prefix = new_prefix as u32;
    let max = all_ones(newbits as u32);
    if netnum < 0 || netnum as u128 > max {
        return Err(fx.err(format!(
            "prefix extension of {newbits} does not accommodate a subnet numbered {netnum}"
        )));
    }
    let offset = (netnum as u128)
        .checked_shl(net.bits - new_prefix)
        .unwrap_or(0);
    Ok(Value::String(format!(
        "{}/{new_prefix}",
        show_addr(net.addr | offset, net.bits)
    )))
}

pub(super) fn f_cidrhost(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let net = Net::parse(fx, &fx.string("prefix", &a[0])?)?;
    let hostnum = fx.int128("hostnum", &a[1])?;
    let max = all_ones(net.bits - net.prefix);
    let too_big = || {
        fx.err(format!(
            "prefix of {} does not accommodate a host numbered {hostnum}",
            net.prefix
        ))
    };
    // A negative host number counts back from the end of the range.
    let offset = if hostnum >= 0 {
        let h = hostnum as u128;
        if h > max {
            return Err(too_big());
        }
        h
    } else {
        let back = hostnum.unsigned_abs() - 1;
        if back > max {
            return Err(too_big());
        }
        max - back
    };
    Ok(Value::String(show_addr(net.addr | offset, net.bits)))
}

pub(super) fn f_cidrnetmask(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("prefix", &a[0])?;
    let net = Net::parse(fx, &s)?;
    if net.bits != 32 {
        return Err(fx.err(format!("IPv6 addresses cannot have a netmask: {s}")));
    }
    Ok(Value::String(show_addr(netmask(net.prefix, 32), 32)))
}

pub(super) fn f_cidrsubnets(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let net = Net::parse(fx, &fx.string("prefix", &a[0])?)?;
    let space = all_ones(net.bits);
    let mut current: Option<(u128, u32)> = None;
    let mut out = Vec::new();
    for v in &a[1..] {
        let newbits = fx.int("newbits", v)?;
        if newbits < 1 {
            return Err(fx.param_err("newbits", "must extend prefix by at least one bit"));
        }
        if newbits > 32 {
            return Err(fx.param_err("newbits", "may not extend prefix by more than 32 bits"));
        }
        let length = net.prefix + newbits as u32;
        if length > net.bits {
            return Err(fx.param_err(
                "newbits",
                format!(
                    "would extend prefix to {length} bits, which is too long for an {} address",
                    if net.bits == 32 { "IPv4" } else { "IPv6" }
                ),
            ));
        }
        // Start from the subnet just before the base address, then step forward.
        let (cur_addr, cur_prefix) = current.unwrap_or_else(|| {
            (
                net.addr.wrapping_sub(1) & space & netmask(length, net.bits),
                length,
            )
        });
        let mask = netmask(length, net.bits);
        let cur_last = cur_addr | (space & !netmask(cur_prefix, net.bits));
        let block_last = (cur_last & mask) | (space & !mask);
        let following = block_last.wrapping_add(1) & space;
        let next = following & mask;
        if following == 0 || next & netmask(net.prefix, net.bits) != net.addr {
            return Err(fx.param_err(
                "newbits",
                format!(
                    "not enough remaining address space for a subnet with a prefix of {length} bits after {}/{cur_prefix}",
                    show_addr(cur_addr, net.bits)
                ),
            ));
        }
        current = Some((next, length));
        out.push(Value::String(format!(
            "{}/{length}",
            show_addr(next, net.bits)
        )));
    }
    Ok(Value::List(out))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn cidrsubnet_ipv4_and_ipv6() {
        assert_eq!(
            ok("cidrsubnet", vec![s("172.16.0.0/12"), n(4.0), n(2.0)]),
            s("172.18.0.0/16")
        );
        assert_eq!(
            ok("cidrsubnet", vec![s("10.1.2.0/24"), n(4.0), n(15.0)]),
            s("10.1.2.240/28")
        );
        assert_eq!(
            ok(
                "cidrsubnet",
                vec![s("fd00:fd12:3456:7890::/56"), n(16.0), n(162.0)]
            ),
            s("fd00:fd12:3456:7800:a200::/72")
        );
        assert_eq!(
            ok("cidrsubnet", vec![s("10.1.2.5/24"), n(0.0), n(0.0)]),
            s("10.1.2.0/24")
        );
        assert_eq!(
            err("cidrsubnet", vec![s("10.0.0.0/16"), n(9.0), n(600.0)]),
            "Invalid function argument: cidrsubnet: prefix extension of 9 does not accommodate a subnet numbered 600"
        );
        assert_eq!(
            err("cidrsubnet", vec![s("10.0.0.0/30"), n(3.0), n(0.0)]),
            "Invalid function argument: cidrsubnet: insufficient address space to extend prefix of 30 by 3"
        );
        assert_eq!(
            err("cidrsubnet", vec![s("10.0.0.0"), n(1.0), n(0.0)]),
            "Invalid function argument: cidrsubnet: invalid value for \"prefix\" parameter: invalid CIDR expression: invalid CIDR address: 10.0.0.0"
        );
        assert_eq!(
            ok(
                "cidrsubnet",
                vec![unk("aws_vpc.main.cidr_block"), n(4.0), n(1.0)]
            ),
            unk("aws_vpc.main.cidr_block")
        );
    }

    #[test]
    fn cidrhost_and_cidrnetmask() {
        assert_eq!(
            ok("cidrhost", vec![s("10.12.112.0/20"), n(16.0)]),
            s("10.12.112.16")
        );
        assert_eq!(
            ok("cidrhost", vec![s("10.12.112.0/20"), n(268.0)]),
            s("10.12.113.12")
        );
        assert_eq!(
            ok(
                "cidrhost",
                vec![s("fd00:fd12:3456:7890:00a2::/72"), n(34.0)]
            ),
            s("fd00:fd12:3456:7890::22")
        );
        assert_eq!(
            ok("cidrhost", vec![s("10.0.0.0/24"), n(-1.0)]),
            s("10.0.0.255")
        );
        assert_eq!(
            ok("cidrhost", vec![s("10.0.0.0/24"), n(-2.0)]),
            s("10.0.0.254")
        );
        assert_eq!(
            err("cidrhost", vec![s("10.0.0.0/24"), n(256.0)]),
            "Invalid function argument: cidrhost: prefix of 24 does not accommodate a host numbered 256"
        );
        assert_eq!(
            ok("cidrnetmask", vec![s("172.16.0.0/12")]),
            s("255.240.0.0")
        );
        assert_eq!(ok("cidrnetmask", vec![s("10.0.0.0/0")]), s("0.0.0.0"));
        assert_eq!(
            err("cidrnetmask", vec![s("fd00::/8")]),
            "Invalid function argument: cidrnetmask: IPv6 addresses cannot have a netmask: fd00::/8"
        );
    }

    #[test]
    fn cidrsubnets_allocates_consecutively() {
        assert_eq!(
            ok(
                "cidrsubnets",
                vec![s("10.1.0.0/16"), n(4.0), n(4.0), n(8.0), n(4.0)]
            ),
            strs(&[
                "10.1.0.0/20",
                "10.1.16.0/20",
                "10.1.32.0/24",
                "10.1.48.0/20"
            ])
        );
        assert_eq!(
            ok(
                "cidrsubnets",
                vec![
                    s("fd00:fd12:3456:7890::/56"),
                    n(16.0),
                    n(16.0),
                    n(16.0),
                    n(32.0)
                ]
            ),
            strs(&[
                "fd00:fd12:3456:7800::/72",
                "fd00:fd12:3456:7800:100::/72",
                "fd00:fd12:3456:7800:200::/72",
                "fd00:fd12:3456:7800:300::/88"
            ])
        );
        assert_eq!(ok("cidrsubnets", vec![s("10.0.0.0/8")]), list(vec![]));
        // Terraform's own behaviour for a base at address zero (hashicorp/terraform#35486):
        // go-cidr reads the wrap-around from the "previous" subnet as running out of space.
        assert_eq!(
            err("cidrsubnets", vec![s("0.0.0.0/1"), n(1.0), n(1.0)]),
            "Invalid function argument: cidrsubnets: invalid value for \"newbits\" parameter: not enough remaining address space for a subnet with a prefix of 2 bits after 192.0.0.0/2"
        );
        assert_eq!(
            ok("cidrsubnets", vec![s("128.0.0.0/1"), n(1.0), n(1.0)]),
            strs(&["128.0.0.0/2", "192.0.0.0/2"])
        );
        assert_eq!(
            err("cidrsubnets", vec![s("10.0.0.0/30"), n(1.0), n(1.0), n(1.0)]),
            "Invalid function argument: cidrsubnets: invalid value for \"newbits\" parameter: not enough remaining address space for a subnet with a prefix of 31 bits after 10.0.0.2/31"
        );
        assert_eq!(
            err("cidrsubnets", vec![s("10.0.0.0/30"), n(3.0)]),
            "Invalid function argument: cidrsubnets: invalid value for \"newbits\" parameter: would extend prefix to 33 bits, which is too long for an IPv4 address"
        );
        assert_eq!(
            err("cidrsubnets", vec![s("10.0.0.0/8"), n(0.0)]),
            "Invalid function argument: cidrsubnets: invalid value for \"newbits\" parameter: must extend prefix by at least one bit"
        );
    }
}
