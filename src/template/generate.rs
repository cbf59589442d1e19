//! Generated values: people and groups as Okta would send them, from `fake`, deterministic for
//! a given seed, and always carrying the run prefix so cleanup can recognise them.

use crate::scenario::VarSpec;
use fake::Fake;
use fake::faker::company::en::Buzzword;
use fake::faker::name::en::{FirstName, LastName};
use fake::rand::rngs::StdRng;
use fake::rand::{RngExt, SeedableRng};
use serde_json::{Value, json};

/// The prefix every object a run creates carries in its name, e.g. `sg-k3x9q2ma`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RunPrefix(pub String);

impl RunPrefix {
    /// A fresh random prefix.
    pub fn random() -> Self {
        let id = uuid::Uuid::new_v4().simple().to_string();
        Self(format!("sg-{}", &id[..8]))
    }

    /// The prefix a seed gives: `--seed N` reproduces the names of a run, prefix included
    /// (so a reproduced run meets what the first one left behind, if anything: the names are
    /// the same). Without `--seed` the seed is random, and so is the prefix.
    pub fn from_seed(seed: u64) -> Self {
        // splitmix64: neighbouring seeds give unrelated prefixes.
        let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        Self(format!("sg-{:08x}", z as u32))
    }

    /// True when the prefix has the shape scimgate gives its prefixes: `sg-` and eight
    /// lower-case letters or digits. `cleanup` acts only on ledger entries with such a prefix,
    /// so an edited ledger cannot turn an arbitrary string into a licence to delete.
    pub fn is_own_format(&self) -> bool {
        self.0.strip_prefix("sg-").is_some_and(|rest| {
            rest.len() == 8
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase())
        })
    }

    /// True when a name carries this prefix.
    pub fn marks(&self, name: &str) -> bool {
        name.to_ascii_lowercase()
            .contains(&self.0.to_ascii_lowercase())
    }
}

/// The name with its first plain vowel accented (`Maria` → `Mária`).
fn accented(name: &str) -> String {
    let mut done = false;
    name.chars()
        .map(|c| {
            let a = match c {
                'a' if !done => 'á',
                'e' if !done => 'é',
                'i' if !done => 'í',
                'o' if !done => 'ö',
                'u' if !done => 'ü',
                _ => return c,
            };
            done = true;
            a
        })
        .collect()
}

/// The text with the accents [`accented`] adds taken off again.
fn ascii_fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'á' => 'a',
            'é' => 'e',
            'í' => 'i',
            'ö' => 'o',
            'ü' => 'u',
            c => c,
        })
        .collect()
}

/// Makes values for one scenario: seeded per scenario so scenarios can run in any order.
#[derive(Debug)]
pub struct Generator {
    rng: StdRng,
    prefix: RunPrefix,
    serial: u32,
    /// Names handed out so far: no two generated people share a given name, a family name or
    /// a group word, so a snapshot's label for a value names one role only.
    used: std::collections::HashSet<String>,
    /// Three letters from the scenario's id: scenarios run at once against one server, and a
    /// group name must not be another scenario's (filters on it must find one group).
    tag: String,
}

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

impl Generator {
    /// A generator for one scenario.
    pub fn new(seed: u64, scenario_id: &str, prefix: RunPrefix) -> Self {
        // FNV-1a over the id: stable across runs and platforms.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in scenario_id.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        let letters = b"abcdefghijkmnopqrstuvwxyz";
        let tag: String = [h % 25, (h / 25) % 25, (h / 625) % 25]
            .iter()
            .map(|&i| char::from(letters[usize::try_from(i).unwrap_or(0)]))
            .collect();
        Self {
            rng: StdRng::seed_from_u64(seed ^ h),
            prefix,
            serial: 0,
            used: std::collections::HashSet::new(),
            tag,
        }
    }

    fn alnum(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(ALNUM[self.rng.random_range(0..ALNUM.len())]))
            .collect()
    }

    fn ascii_name(raw: String) -> String {
        let s: String = raw.chars().filter(char::is_ascii_alphabetic).collect();
        if s.is_empty() { "Sam".to_owned() } else { s }
    }

    /// A name from `draw` not handed out before in this scenario (after a few draws, the last
    /// one with a letter appended until it is new).
    fn unused(&mut self, mut draw: impl FnMut(&mut StdRng) -> String) -> String {
        let mut name = String::new();
        // At least three letters: shorter values are too common to find again in a transcript.
        for _ in 0..20 {
            name = Self::ascii_name(draw(&mut self.rng));
            if name.len() >= 3 && !self.used.contains(&name.to_lowercase()) {
                break;
            }
        }
        if name.len() < 3 {
            name = format!("{name}ann");
        }
        let mut letters = b'a'..=b'z';
        let base = name.clone();
        while self.used.contains(&name.to_lowercase()) {
            let l = letters.next().map_or('z', char::from);
            name = format!("{base}{l}");
            if l == 'z' {
                name = format!("{base}{}", self.serial);
                break;
            }
        }
        self.used.insert(name.to_lowercase());
        name
    }

    /// A user as Okta's create body needs it.
    pub fn user(&mut self) -> Value {
        self.serial += 1;
        let n = self.serial;
        let mut first = self.unused(|rng| FirstName().fake_with_rng(rng));
        let last = self.unused(|rng| LastName().fake_with_rng(rng));
        // Mixed case as in Okta's SPEC test (`Runscope123Xabcdefgh123@atko.com`), which wants
        // it back exactly; every third person has a non-ASCII letter, the second of every
        // three a `+` tag (both travel through Okta's two filter encodings).
        if n.is_multiple_of(3) {
            first = accented(&first);
            self.used.insert(first.to_lowercase());
        }
        let local = if n % 3 == 2 {
            format!("{}.{first}.{last}+{n}", self.prefix.0)
        } else {
            format!("{}.{first}.{last}.{n}", self.prefix.0)
        };
        let user_name = format!("{local}@example.com");
        json!({
            "userName": user_name,
            // The work email: the same address, its letters plain lower-case ASCII (mail
            // systems differ; and never the userName's exact text, so that a snapshot can
            // tell the two apart whatever the seed).
            "email": ascii_fold(&user_name).to_lowercase(),
            "givenName": first,
            "familyName": last,
            "displayName": format!("{first} {last}"),
            "externalId": format!("00u{}", self.alnum(17)),
            "password": self.alnum(8),
        })
    }

    /// A group as Okta's push sends it.
    pub fn group(&mut self) -> Value {
        self.serial += 1;
        let word = self.unused(|rng| Buzzword().fake_with_rng(rng));
        json!({ "displayName": format!("{} {} {}{}", self.prefix.0, word, self.serial, self.tag) })
    }

    /// The value for a declared variable.
    pub fn value(&mut self, spec: &VarSpec) -> Value {
        match spec {
            VarSpec::User => self.user(),
            VarSpec::Group => self.group(),
            VarSpec::Users { count } => Value::Array((0..*count).map(|_| self.user()).collect()),
            VarSpec::Value { value } => value.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefix() -> RunPrefix {
        RunPrefix("sg-test0001".into())
    }

    #[test]
    fn only_sg_and_eight_letters_or_digits_is_a_prefix_of_our_own() {
        assert!(RunPrefix::random().is_own_format());
        assert!(RunPrefix::from_seed(0).is_own_format());
        assert_eq!(RunPrefix::from_seed(7), RunPrefix::from_seed(7));
        assert_ne!(RunPrefix::from_seed(7), RunPrefix::from_seed(8));
        assert!(prefix().is_own_format());
        for other in [
            "",
            "sg-",
            "seed",
            "sg-1234567",
            "sg-123456789",
            "SG-ABCDEFGH",
            "xx-12345678",
        ] {
            assert!(!RunPrefix(other.into()).is_own_format(), "{other}");
        }
    }

    #[test]
    fn same_seed_same_values_other_seed_other_values() {
        let a = Generator::new(7, "okta/x", prefix()).user();
        let b = Generator::new(7, "okta/x", prefix()).user();
        let c = Generator::new(8, "okta/x", prefix()).user();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn no_two_generated_people_share_a_given_or_family_name() {
        let mut g = Generator::new(3, "s", prefix());
        let users: Vec<Value> = (0..300).map(|_| g.user()).collect();
        for field in ["givenName", "familyName", "displayName"] {
            let set: std::collections::BTreeSet<String> = users
                .iter()
                .map(|u| u[field].as_str().unwrap().to_lowercase())
                .collect();
            assert_eq!(set.len(), users.len(), "{field}");
            assert!(set.iter().all(|n| n.len() >= 3), "{field}");
        }
    }

    #[test]
    fn users_are_okta_shaped_and_carry_the_prefix() {
        let mut g = Generator::new(1, "s", prefix());
        let users: Vec<Value> = (0..200).map(|_| g.user()).collect();
        let names: std::collections::BTreeSet<&str> = users
            .iter()
            .map(|u| u["userName"].as_str().unwrap())
            .collect();
        assert_eq!(names.len(), 200, "userNames must be unique within a run");
        for u in &users {
            assert!(prefix().marks(u["userName"].as_str().unwrap()));
            let ext = u["externalId"].as_str().unwrap();
            assert!(ext.starts_with("00u") && ext.len() == 20, "{ext}");
            assert_eq!(u["password"].as_str().unwrap().len(), 8);
        }
        let names: Vec<&str> = users
            .iter()
            .map(|u| u["userName"].as_str().unwrap())
            .collect();
        assert!(
            names.iter().all(|n| n.chars().any(char::is_uppercase)),
            "mixed case"
        );
        assert!(names[1].contains('+') && !names[0].contains('+'));
        assert!(!names[2].is_ascii() && names[0].is_ascii());
        assert!(
            users
                .iter()
                .all(|u| u["email"].as_str().unwrap().is_ascii())
        );
        assert!(prefix().marks(g.group()["displayName"].as_str().unwrap()));
    }
}
