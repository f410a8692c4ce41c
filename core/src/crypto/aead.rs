//! The one AES-256-GCM path every seal and open goes through, plus randomness and AAD framing.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use zeroize::Zeroizing;

use super::keyring::{KeyBytes, KEY_BYTES};
use crate::error::{Error, Result};

/// Nonce (IV) length in bytes: the 96-bit IV GCM is designed for.
pub const NONCE_BYTES: usize = 12;
/// Authentication tag length in bytes (128-bit tag).
pub const TAG_BYTES: usize = 16;

/// Fills `buf` from the operating system's random number generator.
pub(crate) fn random(buf: &mut [u8]) -> Result<()> {
    getrandom::fill(buf)
        .map_err(|e| Error::Internal(format!("the operating system gave no random bytes: {e}")))
}

/// A fresh random 256-bit key.
pub(crate) fn random_key() -> Result<KeyBytes> {
    let mut key = Zeroizing::new([0u8; KEY_BYTES]);
    random(key.as_mut_slice())?;
    Ok(key)
}

/// A fresh random 96-bit nonce.
pub(crate) fn random_nonce() -> Result<[u8; NONCE_BYTES]> {
    let mut nonce = [0u8; NONCE_BYTES];
    random(&mut nonce)?;
    Ok(nonce)
}

/// AES-256-GCM encryption with a given nonce: returns ciphertext ‖ 16-byte tag.
///
/// Every encryption in this module goes through here (with a random nonce); the published GCM
/// test vectors run through it too.
pub(crate) fn seal_with_nonce(
    key: &[u8; KEY_BYTES],
    nonce: &[u8; NONCE_BYTES],
    plaintext: &[u8],
    aad: &[u8],
) -> Result<Vec<u8>> {
    let cipher = Aes256Gcm::new(key.into());
    cipher
        .encrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: plaintext,
                aad,
            },
        )
        .map_err(|_| Error::Internal("AES-256-GCM encryption failed".into()))
}

/// AES-256-GCM decryption of ciphertext ‖ tag; `None` when the tag does not verify.
pub(crate) fn open(
    key: &[u8; KEY_BYTES],
    nonce: &[u8; NONCE_BYTES],
    sealed: &[u8],
    aad: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    let cipher = Aes256Gcm::new(key.into());
    cipher
        .decrypt(Nonce::from_slice(nonce), Payload { msg: sealed, aad })
        .ok()
        .map(Zeroizing::new)
}

/// Additional authenticated data: each part as a 4-byte big-endian length then its bytes.
///
/// Length framing makes the encoding unambiguous whatever the parts contain.
pub(crate) fn frame(parts: &[&str]) -> Vec<u8> {
    let mut out = Vec::new();
    for part in parts {
        let len = u32::try_from(part.len()).unwrap_or(u32::MAX);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(part.as_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    fn key(s: &str) -> [u8; 32] {
        hex(s).try_into().unwrap()
    }

    fn nonce(s: &str) -> [u8; 12] {
        hex(s).try_into().unwrap()
    }

    const K15: &str = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
    const P15: &str = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
    const C15: &str = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad";

    /// McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", test cases 13–16 (the
    /// 256-bit-key cases with a 96-bit IV; 17 and 18 use 64- and 480-bit IVs, which this
    /// format never uses). Also in NIST's GCM validation vectors.
    #[test]
    fn gcm_spec_test_cases_13_to_16() {
        let zero = [0u8; 32];
        let iv0 = [0u8; 12];
        // Test case 13: empty plaintext, empty AAD.
        let out = seal_with_nonce(&zero, &iv0, b"", b"").unwrap();
        assert_eq!(out, hex("530f8afbc74536b9a963b4f1c4cb738b"));
        // Test case 14: one zero block.
        let out = seal_with_nonce(&zero, &iv0, &[0u8; 16], b"").unwrap();
        assert_eq!(
            out,
            hex("cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919")
        );
        // Test case 15: 64 bytes, no AAD.
        let iv = nonce("cafebabefacedbaddecaf888");
        let out = seal_with_nonce(&key(K15), &iv, &hex(P15), b"").unwrap();
        assert_eq!(out, hex(&format!("{C15}b094dac5d93471bdec1a502270e3cc6c")));
        // Test case 16: 60 bytes with 20 bytes of AAD.
        let aad = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        let out = seal_with_nonce(&key(K15), &iv, &hex(&P15[..120]), &aad).unwrap();
        let expected = format!("{}76fc6ece0f4e1768cddf8853bb2d551b", &C15[..120]);
        assert_eq!(out, hex(&expected));
        // And back, through the same open path; any change to the tag or AAD is refused.
        let back = open(&key(K15), &iv, &out, &aad).unwrap();
        assert_eq!(back.as_slice(), hex(&P15[..120]).as_slice());
        let mut bad = out.clone();
        *bad.last_mut().unwrap() ^= 1;
        assert!(open(&key(K15), &iv, &bad, &aad).is_none());
        assert!(open(&key(K15), &iv, &out, &aad[1..]).is_none());
    }

    #[test]
    fn frame_is_length_prefixed() {
        assert_eq!(frame(&["ab", ""]), vec![0, 0, 0, 2, b'a', b'b', 0, 0, 0, 0]);
        // "a" + "bc" and "ab" + "c" frame differently.
        assert_ne!(frame(&["a", "bc"]), frame(&["ab", "c"]));
    }

    #[test]
    fn random_nonces_differ() {
        assert_ne!(random_nonce().unwrap(), random_nonce().unwrap());
        assert_ne!(*random_key().unwrap(), [0u8; 32]);
    }
}
