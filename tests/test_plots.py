"""`nox -s plots` (tools/plots.py): the numbers behind each picture, yours beside the
reference, computed with NumPy alone; matplotlib draws them in its own environment."""

import tomllib

import numpy as np
import pytest

from tests.conftest import ROOT
from tests.learner_copy import learner_copy, reference_def, solve
from tools import plots


@pytest.fixture
def copy(tmp_path):
    kata = learner_copy(tmp_path / "kata")
    solve(kata, "optimization", "gradient_descent")
    solve(kata, "optimization", "adam_step", reference_def("optimization", "adam_step")
          .replace("m_hat = new_m / (1.0 - beta1**t)", "m_hat = new_m"))
    return kata


def test_yours_is_drawn_beside_the_reference_and_missing_ones_are_labelled(copy):
    pic = plots.picture("optimizers", plots.Source(copy / "exercises"))
    assert list(pic.series["reference"]) == ["gradient descent", "momentum", "Adam"]
    assert list(pic.series["yours"]) == ["gradient descent", "Adam"]
    assert pic.notes == ["sgd_momentum_step is not written yet: reference only."]
    ours, theirs = pic.series["yours"], pic.series["reference"]
    np.testing.assert_allclose(ours["gradient descent"], theirs["gradient descent"])
    assert not np.allclose(ours["Adam"], theirs["Adam"])  # no bias correction: another path
    # The reference itself gets close to the Rosenbrock minimum (1, 1).
    assert np.linalg.norm(theirs["Adam"][-1] - 1) < 0.05


def test_every_picture_computes_from_the_reference(copy):
    source = plots.Source(ROOT / "reference")
    for name in plots.PLOTS:
        pic = plots.picture(name, source)
        assert pic.notes == [], name
        for label, data in pic.series["reference"].items():
            values = data if isinstance(data, np.ndarray) else np.concatenate(
                [np.ravel(v) for v in data.values()])
            assert np.all(np.isfinite(values)), (name, label)
    lasso = plots.picture("lasso_path", source).series["reference"]["lasso"]
    assert np.all(lasso["coef"][0] == 0)  # at lambda_max every coefficient is zero
    assert np.count_nonzero(lasso["coef"][-1]) > 4


def test_a_module_that_breaks_is_said_and_the_reference_drawn(copy):
    path = copy / "exercises" / "evaluation_metrics.py"
    path.write_text(path.read_text() + "\ndef broken(:\n")
    pic = plots.picture("roc_curve", plots.Source(copy / "exercises"))
    assert pic.series["yours"] == {}
    assert pic.notes[0].startswith("evaluation_metrics.py could not be imported (SyntaxError")
    solve(copy, "optimization", "cosine_lr", "def cosine_lr(*args, **kwargs):\n"
          "    raise ZeroDivisionError('oops')\n")
    pic = plots.picture("cosine_lr", plots.Source(copy / "exercises"))
    assert pic.notes == ["your cosine_lr raised ZeroDivisionError: oops: reference only."]


def test_pictures_are_named_by_picture_or_by_exercise():
    assert plots.wanted([]) == list(plots.PLOTS)
    assert plots.wanted(["adam_step", "roc_curve", "optimizers"]) == ["optimizers", "roc_curve"]
    with pytest.raises(SystemExit, match="There is no picture of 'adam'"):
        plots.wanted(["adam"])


def test_matplotlib_stays_out_of_the_grading_environment():
    runtime = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert not any("matplotlib" in r for r in runtime)
    assert "session.install(*wanted" in (ROOT / "noxfile.py").read_text().split(
        "def plots(")[1]


def test_the_readme_shows_each_command_and_a_picture_from_plots():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Self-assessment")[1].split("\n## ")[0]
    assert "`reference/` holds the answers" in section
    for command in ("watch", "drill", "progress", "quiz", "solution", "plots"):
        assert f"nox -s {command}" in section, command
    image = section.split("](docs/")[1].split(")")[0]
    assert (ROOT / "docs" / image).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
