"""The ``portal`` commands of API.md."""

from portal.accounts import services, tokens


def test_users_create_with_scoped_roles(runner, session):
    result = runner.invoke(args=["users", "create", "--email", "CP@Example.org", "--password",
                                 "long enough password", "--name", "Contact KZ",
                                 "--role", "contact_point:kz", "--role", "expert"])
    assert result.exit_code == 0, result.output
    user = services.user_by_email("cp@example.org")
    assert {str(spec) for spec in user.role_specs()} == {"contact_point:KZ", "expert"}


def test_users_create_rejects_an_unknown_role_and_creates_nothing(runner, session):
    result = runner.invoke(args=["users", "create", "--email", "x@example.org", "--password",
                                 "long enough password", "--name", "X", "--role", "emperor"])
    assert result.exit_code != 0
    assert "unknown role" in result.output
    assert services.user_by_email("x@example.org") is None


def test_users_create_requires_a_scope_where_the_role_has_one(runner, session):
    result = runner.invoke(args=["users", "create", "--email", "y@example.org", "--password",
                                 "long enough password", "--name", "Y", "--role", "council_member"])
    assert result.exit_code != 0
    assert "needs a state scope" in result.output


def test_users_token_prints_only_a_working_token(runner, session):
    runner.invoke(args=["users", "create", "--email", "t@example.org", "--password",
                        "long enough password", "--name", "T"])
    result = runner.invoke(args=["users", "token", "t@example.org"])
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert tokens.user_for_token(lines[0]).email == "t@example.org"


def test_a_token_for_an_unknown_user_is_an_error(runner, session):
    result = runner.invoke(args=["users", "token", "ghost@example.org"])
    assert result.exit_code != 0
