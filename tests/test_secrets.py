"""The --secrets file: validation, masking, and its match with the target list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from auditor.model import Target
from auditor.secrets import (
    MASK,
    Persona,
    SecretsError,
    check_accounts,
    load_secrets,
    secret_values,
)

SECRET = "S3cr3t-pa55"
GOOD = f"""
[forum-one.adult]
username = "audit_adult_01"
password = "{SECRET}"
age = 34
display_name = "Audit Adult"

[forum-one.child]
email = "audit-child@mail.example"
password = "kid-{SECRET}"
date_of_birth = 2011-05-01
login_url = "https://forum.example/login"

[chat_two.teen_13]
username = "teen"
password = "teen-{SECRET}"
date_of_birth = "2012-01-31"
"""


def write(tmp_path: Path, text: str | bytes, name: str = "secrets.toml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def errors(tmp_path: Path, text: str | bytes) -> list[str]:
    with pytest.raises(SecretsError) as info:
        load_secrets(write(tmp_path, text))
    err = info.value
    assert isinstance(err, ValueError)
    assert str(err) == "\n".join(err.errors)
    for message in err.errors:
        assert "secrets.toml" in message and "Fix: " in message, message
        assert SECRET not in message and "leak" not in message, message
    assert SECRET not in repr(err) and "leak" not in repr(err)
    return err.errors


def one_error(tmp_path: Path, text: str | bytes, *parts: str) -> str:
    found = errors(tmp_path, text)
    assert len(found) == 1, found
    for part in parts:
        assert part in found[0], (part, found[0])
    return found[0]


# --- good input -------------------------------------------------------------------------------

def test_load_good_file(tmp_path: Path) -> None:
    secrets = load_secrets(write(tmp_path, GOOD))
    assert sorted(secrets) == ["chat_two", "forum-one"]
    assert sorted(secrets["forum-one"]) == ["adult", "child"]
    adult, child = secrets["forum-one"]["adult"], secrets["forum-one"]["child"]
    assert adult == Persona(account="forum-one", name="adult", password=SECRET,
                            username="audit_adult_01", age=34, display_name="Audit Adult")
    assert adult.login == "audit_adult_01"
    assert child.login == "audit-child@mail.example"
    assert child.date_of_birth == dt.date(2011, 5, 1)
    assert child.login_url == "https://forum.example/login"
    assert secrets["chat_two"]["teen_13"].date_of_birth == dt.date(2012, 1, 31)


def test_password_is_masked_everywhere(tmp_path: Path) -> None:
    secrets = load_secrets(write(tmp_path, GOOD))
    adult = secrets["forum-one"]["adult"]
    for text in (repr(adult), str(adult), f"{adult}", repr(secrets), str(secrets),
                 str(list(secrets["forum-one"].values()))):
        assert SECRET not in text
    assert f"password={MASK!r}" in repr(adult)
    assert "audit_adult_01" in repr(adult)


def test_secret_values(tmp_path: Path) -> None:
    secrets = load_secrets(write(tmp_path, GOOD))
    assert secret_values(secrets) == {SECRET, f"kid-{SECRET}", f"teen-{SECRET}",
                                      "audit_adult_01", "Audit Adult", "audit-child@mail.example"}
    # the username "teen" is not: masking it would blank out "fifteen" and "canteen"
    assert secret_values(None) == set()


def test_bom_is_accepted(tmp_path: Path) -> None:
    assert load_secrets(write(tmp_path, b"\xef\xbb\xbf" + GOOD.encode()))


# --- bad input --------------------------------------------------------------------------------

def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SecretsError) as info:
        load_secrets(tmp_path / "none.toml")
    assert "none.toml" in str(info.value) and "--secrets" in str(info.value)


def test_empty_file(tmp_path: Path) -> None:
    one_error(tmp_path, "# nothing\n", "no accounts", "[forum-one.adult]")


@pytest.mark.parametrize("text", [
    f'[a.adult]\nusername = "u"\npassword = "{SECRET}\n',     # unterminated string
    f"[a.adult]\nusername = \"u\"\npassword = {SECRET}\n",     # unquoted
    f'[a.adult]\npassword = "{SECRET}\x01"\n',                 # control character
    f'[a.adult]\npassword = "{SECRET}"\npassword = "{SECRET}"\n',
])
def test_invalid_toml_never_echoes_the_value(tmp_path: Path, text: str) -> None:
    message = one_error(tmp_path, text, "not valid TOML", "line ")
    assert "double quotes" in message


def test_not_utf8(tmp_path: Path) -> None:
    text = b'[a.adult]\nusername = "u"\npassword = "leak\xe9"\n'
    message = one_error(tmp_path, text, "secrets.toml:3:", "not UTF-8")
    assert "\\xe9" not in message and "0xe9" not in message


def test_top_level_value(tmp_path: Path) -> None:
    one_error(tmp_path, 'password = "leak1"\n', "[password] is a value, not a table",
              "[password.adult]")


def test_account_without_personas(tmp_path: Path) -> None:
    one_error(tmp_path, "[forum-one]\n", "[forum-one] has no personas", "[forum-one.adult]")


def test_persona_fields_directly_under_account(tmp_path: Path) -> None:
    found = errors(tmp_path, '[forum-one]\nusername = "u"\npassword = "leak2"\n')
    assert len(found) == 2
    assert "[forum-one.password] is a value, not a persona table" in found[1]
    assert "[forum-one.adult]" in found[1]


def test_bad_persona_name(tmp_path: Path) -> None:
    one_error(tmp_path, '[a.Adult-1]\nusername = "u"\npassword = "leak3"\n',
              "[a.Adult-1] is not a valid persona name", "adult, child")


def test_bad_account_key(tmp_path: Path) -> None:
    one_error(tmp_path, '["forum one".adult]\nusername = "u"\npassword = "leak"\n',
              "[forum one] is not a plain accounts key")


def test_missing_password(tmp_path: Path) -> None:
    one_error(tmp_path, '[a.adult]\nusername = "u"\n', "[a.adult] has no password",
              'add password = "..."')


def test_empty_password(tmp_path: Path) -> None:
    one_error(tmp_path, '[a.adult]\nusername = "u"\npassword = ""\n', "[a.adult.password] is empty")


def test_password_not_a_string(tmp_path: Path) -> None:
    one_error(tmp_path, '[a.adult]\nusername = "u"\npassword = 123456\n',
              "[a.adult.password] must be a string", 'password = "..."')


def test_neither_username_nor_email(tmp_path: Path) -> None:
    one_error(tmp_path, f'[a.child]\npassword = "{SECRET}"\nage = 15\n',
              "[a.child] has neither username nor email", 'username = "..."')


def test_unknown_field_suggests_nearest(tmp_path: Path) -> None:
    found = errors(tmp_path, f'[a.adult]\nusername = "u"\npasword = "{SECRET}"\n')
    assert "[a.adult.pasword] unknown field. Fix: rename it to 'password'." in found[0]
    assert "[a.adult] has no password" in found[1]


@pytest.mark.parametrize(("line", "key", "fix"), [
    ('age = "15"', "a.child.age", "age = 15"),
    ("age = true", "a.child.age", "age = 15"),
    ("age = 0", "a.child.age", "age = 15"),
    ('date_of_birth = "01/05/2011"', "a.child.date_of_birth", "2011-05-01"),
    ("date_of_birth = 2011-05-01T10:00:00", "a.child.date_of_birth", "2011-05-01"),
    ('email = "not-an-address"', "a.child.email", "full address"),
    ('login_url = "forum.example/login"', "a.child.login_url", "https://forum.example/login"),
    ("display_name = 5", "a.child.display_name", 'display_name = "..."'),
])
def test_bad_field_values(tmp_path: Path, line: str, key: str, fix: str) -> None:
    text = f'[a.child]\nusername = "u"\npassword = "{SECRET}"\n{line}\n'
    message = one_error(tmp_path, text, f"[{key}]")
    assert fix in message.split("Fix: ", 1)[1]


def test_all_problems_reported(tmp_path: Path) -> None:
    text = ('[a.adult]\nusername = "u"\n'
            '[b.child]\npassword = "leak4"\nage = "x"\n'
            '[c.adult]\nemail = "e@mail.example"\npassword = "leak5"\n')
    found = errors(tmp_path, text)
    assert len(found) == 3


# --- check_accounts ---------------------------------------------------------------------------

def targets() -> list[Target]:
    return [Target(id="forum", name="Forum", url="https://forum.example/", accounts="forum-one",
                   line=2),
            Target(id="plain", name="Plain", url="https://plain.example/", line=3),
            Target(id="chat", name="Chat", url="https://chat.example/", accounts="chat-nine",
                   line=5)]


def test_check_accounts_missing_key(tmp_path: Path) -> None:
    secrets = load_secrets(write(tmp_path, GOOD))
    with pytest.raises(SecretsError) as info:
        check_accounts(targets(), secrets, "list.csv", tmp_path / "secrets.toml")
    (message,) = info.value.errors
    assert message.startswith("list.csv:5: accounts 'chat-nine' is not in the secrets file")
    assert "chat_two, forum-one" in message and "Fix: add [chat-nine.adult]" in message
    assert SECRET not in message


def test_check_accounts_without_secrets_file() -> None:
    with pytest.raises(SecretsError) as info:
        check_accounts(targets(), None, "list.csv")
    assert [m.split(": ", 1)[0] for m in info.value.errors] == ["list.csv:2", "list.csv:5"]
    assert all("Fix: run with --secrets FILE" in m for m in info.value.errors)


def test_check_accounts_ok(tmp_path: Path) -> None:
    secrets = load_secrets(write(tmp_path, GOOD))
    check_accounts(targets()[:2], secrets, "list.csv")
    check_accounts(targets()[1:2], None, "list.csv")


# --- file lines -------------------------------------------------------------------------------

LINED = f"""# team secrets
[quietforum]                       # the row's accounts key
adult = {{ username = "a", password = "{SECRET},x = 1", age = 34 }}
child = {{ username = "c", password = "{SECRET}", age = 400 }}

["forum one".adult]
username = "u"
notes = \"\"\"
password = "leak"
\"\"\"
password = "leak"

[b.child]
password = 'leak#4'
age = "x"
"""


def _relative(tmp_path: Path, messages: list[str]) -> list[str]:
    return [m.replace(f"{tmp_path}/", "") for m in messages]


def test_errors_name_the_line_of_the_offending_key(tmp_path: Path) -> None:
    found = _relative(tmp_path, errors(tmp_path, LINED))
    assert found[0].startswith("secrets.toml:4: [quietforum.child.age] must be a whole number")
    assert any(m.startswith("secrets.toml:6: [forum one] is not a plain accounts key")
               for m in found)
    assert any(m.startswith("secrets.toml:8: [forum one.adult.notes] unknown field")
               for m in found)                        # not line 9: that is inside a string
    assert any(m.startswith("secrets.toml:13: [b.child] has neither username nor email")
               for m in found)
    assert any(m.startswith("secrets.toml:15: [b.child.age] must be a whole number")
               for m in found)


def test_every_key_error_has_a_line(tmp_path: Path) -> None:
    text = ('[a.adult]\nusername = "u"\n\n[a.child]\nusername = "c"\npasword = "leak"\n'
            'age = true\n')
    found = _relative(tmp_path, errors(tmp_path, text))
    assert [m.split(" ", 1)[0] for m in found] == [
        "secrets.toml:1:", "secrets.toml:6:", "secrets.toml:4:", "secrets.toml:7:"]


def test_invalid_toml_names_its_line(tmp_path: Path) -> None:
    one_error(tmp_path, f'[a.adult]\nusername = "u"\npassword = {SECRET}\n',
              "secrets.toml:3: not valid TOML")
