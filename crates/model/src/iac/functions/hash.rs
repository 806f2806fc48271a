//! Hash and crypto functions: SHA-256 and SHA-512 of strings and files, in hex or base64.
//! `bcrypt` and `uuid` differ on every run, so they are unknown before apply (see
//! `f_known_after_apply`).

use base64::Engine as _;
use sha2::{Digest, Sha256, Sha512};

use super::encoding::GO_BASE64;
use super::Fx;
use crate::iac::eval::EvalError;
use crate::iac::value::Value;

pub(super) fn f_sha256(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    Ok(Value::String(hex::encode(Sha256::digest(
        fx.string("str", &a[0])?,
    ))))
}

pub(super) fn f_sha512(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    Ok(Value::String(hex::encode(Sha512::digest(
        fx.string("str", &a[0])?,
    ))))
}

pub(super) fn f_base64sha256(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    Ok(Value::String(
        GO_BASE64.encode(Sha256::digest(fx.string("str", &a[0])?)),
    ))
}

pub(super) fn f_base64sha512(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    Ok(Value::String(
        GO_BASE64.encode(Sha512::digest(fx.string("str", &a[0])?)),
    ))
}

pub(super) fn f_filesha256(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let path = fx.string("path", &a[0])?;
    Ok(Value::String(hex::encode(Sha256::digest(
        fx.read_file(&path)?,
    ))))
}

pub(super) fn f_filesha512(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let path = fx.string("path", &a[0])?;
    Ok(Value::String(hex::encode(Sha512::digest(
        fx.read_file(&path)?,
    ))))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn hashes_in_hex_and_base64() {
        assert_eq!(
            ok("sha256", vec![s("hello world")]),
            s("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9")
        );
        assert_eq!(
            ok("base64sha256", vec![s("hello world")]),
            s("uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=")
        );
        assert_eq!(
            ok("sha512", vec![s("hello world")]),
            s("309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f")
        );
        assert_eq!(ok("sha256", vec![unk("r.x")]), unk("r.x"));
    }

    #[test]
    fn sha512_variants() {
        assert_eq!(
            ok("base64sha512", vec![s("hello world")]),
            s("MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw==")
        );
        assert_eq!(
            ok("filesha512", vec![s("hello.txt")]),
            s("2c74fd17edafd80e8447b0d46741ee243b7eb74dd2149a0ab1b9246fb30382f27e853d8585719e0e67cbda0daa8f51671064615d645ae27acb15bfb1447f459b")
        );
    }
}
