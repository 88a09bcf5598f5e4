//! How a run ends (SPEC §7). The exit code is the status's number; when more than one
//! applies, the greatest wins, so an input error outranks a broken policy.

/// How a run ends, in order of precedence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Everything was read and scored; for `check`, the policy holds.
    Ok = 0,
    /// `check`: at least one program breaks the policy.
    PolicyBroken = 1,
    /// An input or usage error: an unreadable file, an invalid spec, a bad row or model file.
    InputError = 2,
}

impl Status {
    /// The process exit code.
    pub fn code(self) -> u8 {
        self as u8
    }
}

#[cfg(test)]
mod tests {
    use super::Status;

    #[test]
    fn an_input_error_outranks_a_broken_policy() {
        assert_eq!(Status::PolicyBroken.max(Status::InputError), Status::InputError);
        assert_eq!(Status::Ok.max(Status::PolicyBroken).code(), 1);
        assert_eq!([Status::Ok, Status::PolicyBroken, Status::InputError].map(Status::code), [0, 1, 2]);
    }
}
