//! GitHub Actions workflow commands (`::error file=F,line=1,title=T::message`), escaped as
//! the runner's command parser unescapes them (the rules of `@actions/core`'s `issueCommand`):
//! `%`, `\r` and `\n` in the message; also `:` and `,`, which separate properties, in a
//! property value. No crate writes workflow commands, so this is the one place.

/// A command's message (after `::`).
pub fn data(text: &str) -> String {
    escape(text, false)
}

/// A property value (`file=…`, `title=…`).
pub fn property(text: &str) -> String {
    escape(text, true)
}

fn escape(text: &str, property: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_and_messages_are_escaped() {
        assert_eq!(property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(data("50%\nx:y"), "50%25%0Ax:y");
    }

    #[test]
    fn a_line_break_of_either_kind_stays_inside_the_one_command_line() {
        assert_eq!(data("a\r\nb"), "a%0D%0Ab");
        assert!(!property("x\ry\nz").contains(['\r', '\n']));
    }

    #[test]
    fn an_escape_sequence_in_the_text_is_not_read_as_one() {
        // `%0A` written in the text must stay those three characters.
        assert_eq!(data("100%0A"), "100%250A");
    }
}
