"""The configuration the course ships for a large class: the Zero to JupyterHub values (jupyterhub/config.yaml)
and the nbgrader settings, checked as helm and nbgrader would read them."""

import copy
import json

import jsonschema
import pytest
import yaml
from traitlets.config.loader import PyFileConfigLoader

from thaw.book.assignments import CONFIG, COURSE_ID
from thaw.paths import ROOT

HUB_CONFIG = ROOT / "jupyterhub" / "config.yaml"
CHART = ROOT / "tests" / "z2jh"  # the chart's schema and defaults (see its README)


def merged_with_the_charts_defaults(values: dict) -> dict:
    """What helm validates: the chart's default values with ours laid over them."""
    def merge(base, over):
        for key, value in over.items():
            if isinstance(value, dict) and isinstance(base.get(key), dict):
                merge(base[key], value)
            else:
                base[key] = value
        return base
    defaults = yaml.safe_load((CHART / "values.yaml").read_text(encoding="utf-8"))
    return merge(copy.deepcopy(defaults), values)


@pytest.fixture(scope="module")
def schema():
    return json.loads((CHART / "values.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def values():
    return yaml.safe_load(HUB_CONFIG.read_text(encoding="utf-8"))


def test_the_hub_values_are_valid_for_the_chart(values, schema):
    jsonschema.validate(merged_with_the_charts_defaults(values), schema)


def test_a_misspelt_setting_is_caught(values, schema):
    """The check itself: the chart's schema refuses a key it does not know."""
    wrong = copy.deepcopy(values)
    wrong["singleuser"]["memory"]["guarnatee"] = wrong["singleuser"]["memory"].pop("guarantee")
    with pytest.raises(jsonschema.ValidationError, match="guarnatee"):
        jsonschema.validate(merged_with_the_charts_defaults(wrong), schema)


def load_nbgrader_config(text: str, tmp_path):
    (tmp_path / "nbgrader_config.py").write_text(text, encoding="utf-8")
    return PyFileConfigLoader("nbgrader_config.py", path=str(tmp_path)).load_config()


def test_every_students_nbgrader_settings_point_at_the_mounted_exchange(values, tmp_path):
    singleuser = values["singleuser"]
    config = load_nbgrader_config(singleuser["extraFiles"]["nbgrader-config"]["stringData"], tmp_path)
    assert config.CourseDirectory.course_id == COURSE_ID
    mounts = {mount["mountPath"] for mount in singleuser["storage"]["extraVolumeMounts"]}
    assert config.Exchange.root in mounts
    volumes = {volume["name"] for volume in singleuser["storage"]["extraVolumes"]}
    assert {mount["name"] for mount in singleuser["storage"]["extraVolumeMounts"]} <= volumes


def test_the_course_directorys_nbgrader_settings_load(tmp_path):
    config = load_nbgrader_config(CONFIG.format(course_id=COURSE_ID), tmp_path)
    assert config.CourseDirectory.course_id == COURSE_ID
    assert config.Execute.kernel_manager_class == "thaw.book.build.PromptKernelManager"
    assert [p.__name__ for p in config.GenerateFeedback.preprocessors][:3] == [
        "GetGrades", "ClearHiddenTests", "ClearMarkScheme"]
