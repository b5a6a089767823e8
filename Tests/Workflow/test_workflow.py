"""The CI files for a map repository (ci/, .pre-commit-hooks.yaml, scripts/install), tested here.

Workflows cannot run in this repository, so these tests run their shell steps
in order in a temporary git repository that holds a small map in three
commits (clean, a changed step, broken), with a given smap:

- ci/smap-ci.sh check, diff BASE, build, directly;
- the `run:` steps of ci/github/smap.yml and the `script:` lines of
  ci/gitlab/.gitlab-ci.yml, taken from the YAML and run with the variables
  GitHub and GitLab would set, so the workflows and this test cannot drift
  apart; the YAML is also checked to call the script's steps in order;
- ci/smap-ci.sh install against a stand-in smap repository (no network, no
  Swift build), scripts/install with a stand-in `swift`, and the pre-commit
  hooks' entries.

    SMAP=.build/debug/smap python3 -m pytest -p no:cacheprovider Tests/Workflow

SMAP is the smap binary (default .build/debug/smap). Without it the tests that
need it are skipped with the reason, unless SMAP_REQUIRE_TOOLS=1: then they
fail. Nothing is written outside pytest's temporary folder; the tests check it.
"""

import http.server
import os
import re
import shlex
import shutil
import subprocess
import threading
import urllib.parse
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCRIPT = ROOT / "ci" / "smap-ci.sh"
GITHUB = ROOT / "ci" / "github" / "smap.yml"
GITLAB = ROOT / "ci" / "gitlab" / ".gitlab-ci.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
INSTALL = ROOT / "scripts" / "install"

# The script's steps, in the order the workflows run them and this test runs them.
STEP_ORDER = ["install", "check", "diff", "build"]

# The annotation of the broken commit (fixtures/broken.smap: a flow to 'praktk').
BROKEN_ANNOTATION = re.compile(r"^::error file=(?P<file>[^,]+),line=35,col=16,endColumn=22,title=E105::.*praktk", re.M)


# --- helpers -----------------------------------------------------------------------------------


def smap_binary():
    """The smap to test with: $SMAP or .build/debug/smap; skips (or fails) when it is missing."""
    given = os.environ.get("SMAP", ".build/debug/smap")
    path = Path(given)
    if not path.is_absolute():
        path = (Path.cwd() / path) if (Path.cwd() / path).exists() else (ROOT / path)
    if not (path.is_file() and os.access(path, os.X_OK)):
        reason = f"no smap binary at {path}: run `swift build` or set SMAP"
        if os.environ.get("SMAP_REQUIRE_TOOLS") == "1":
            pytest.fail(reason + " (SMAP_REQUIRE_TOOLS=1)")
        pytest.skip(reason)
    return path.resolve()


@pytest.fixture
def smap():
    return smap_binary()


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def github_triggers(workflow):
    # YAML 1.1 reads the key `on` as true.
    return workflow.get("on", workflow.get(True))


class Sandbox:
    """A temporary home, temporary folder and environment; every command runs in here."""

    def __init__(self, tmp_path):
        self.root = tmp_path
        self.home = tmp_path / "home"
        self.tmp = tmp_path / "tmp"
        self.home.mkdir()
        self.tmp.mkdir()
        self.base_env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.home),
            "TMPDIR": str(self.tmp),
            "XDG_CACHE_HOME": str(self.home / ".cache"),
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "LANG": "C.UTF-8",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Test",
            "GIT_AUTHOR_EMAIL": "test@example.org",
            "GIT_COMMITTER_NAME": "Test",
            "GIT_COMMITTER_EMAIL": "test@example.org",
            "NO_COLOR": "1",
        }

    def env(self, **extra):
        env = dict(self.base_env)
        env.update({k: str(v) for k, v in extra.items() if v is not None})
        return env

    def run(self, args, cwd, env=None, codes=(0,), input=None):
        result = subprocess.run(
            args, cwd=cwd, env=env or self.env(), input=input,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=300,
        )
        if codes is not None and result.returncode not in codes:
            raise AssertionError(
                f"{args} exited {result.returncode}, expected {codes}\n"
                f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
            )
        return result

    def git(self, repo, *args):
        return self.run(["git", *args], cwd=repo).stdout.strip()

    def leftovers(self):
        """Temporary files left behind (the script must remove its own)."""
        return sorted(p.name for p in self.tmp.iterdir())


def snapshot_outside(sandbox):
    """What the tests could wrongly write to outside the sandbox, as a comparable value."""
    state = {"root": sorted(p.name for p in ROOT.iterdir())}
    for folder in (ROOT / "ci", ROOT / "scripts", FIXTURES):
        state[str(folder)] = sorted(
            (str(p.relative_to(ROOT)), p.stat().st_mtime_ns, p.stat().st_size)
            for p in folder.rglob("*") if "__pycache__" not in p.parts
        )
    real_home = Path(os.path.expanduser("~"))
    state["home"] = sorted(p.name for p in real_home.iterdir()) if real_home.is_dir() else []
    gitconfig = real_home / ".gitconfig"
    state["gitconfig"] = gitconfig.stat().st_mtime_ns if gitconfig.exists() else None
    system_tmp = Path(os.environ.get("TMPDIR", "/tmp"))
    state["tmp"] = sorted(p.name for p in system_tmp.iterdir() if p.name.startswith("smap-ci."))
    # pytest's own folder for this run: only this test's folder may appear in it.
    state["siblings"] = sorted(p.name for p in sandbox.root.parent.iterdir() if p != sandbox.root)
    return state


@pytest.fixture
def sandbox(tmp_path):
    box = Sandbox(tmp_path)
    before = snapshot_outside(box)
    yield box
    assert snapshot_outside(box) == before, "something was written outside the temporary folder"


def map_path():
    """The map's path in the repository, as the GitHub workflow names it."""
    return load_yaml(GITHUB)["env"]["SMAP_MAP"]


def make_map_repo(sandbox, map_rel=None):
    """A repository as the förbund keeps it: ci/smap-ci.sh (copied, without its x bit, as a
    download through a browser would be) and the map. Commit 1 (clean) is main and
    origin/main; commit 2 (a changed step) is on branch `change`; commit 3 (broken) is made
    by the tests that need it. Returns (repo, {name: commit})."""
    map_rel = map_rel or map_path()
    repo = sandbox.root / "repo"
    repo.mkdir()
    sandbox.git(repo, "-c", "init.defaultBranch=main", "init", "-q")
    (repo / "ci").mkdir()
    shutil.copyfile(SCRIPT, repo / "ci" / "smap-ci.sh")
    (repo / map_rel).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FIXTURES / "v1.smap", repo / map_rel)
    sandbox.git(repo, "add", "-A")
    sandbox.git(repo, "commit", "-qm", "The map, version 1")
    commits = {"v1": sandbox.git(repo, "rev-parse", "HEAD")}
    sandbox.git(repo, "update-ref", "refs/remotes/origin/main", commits["v1"])
    sandbox.git(repo, "checkout", "-qb", "change")
    shutil.copyfile(FIXTURES / "v2.smap", repo / map_rel)
    sandbox.git(repo, "commit", "-qam", "A new title and a time limit for halsosamtal")
    commits["v2"] = sandbox.git(repo, "rev-parse", "HEAD")
    return repo, commits


def commit_broken(sandbox, repo, map_rel=None):
    shutil.copyfile(FIXTURES / "broken.smap", repo / (map_rel or map_path()))
    sandbox.git(repo, "commit", "-qam", "A flow to a step that does not exist")
    return sandbox.git(repo, "rev-parse", "HEAD")


def ci(sandbox, repo, smap, *args, codes=(0,), **env):
    """Runs `sh ci/smap-ci.sh ARGS` in the repository, as the workflows do."""
    return sandbox.run(["sh", "ci/smap-ci.sh", *args], cwd=repo,
                       env=sandbox.env(SMAP=smap, **env), codes=codes)


def script_calls(text):
    """The ci/smap-ci.sh steps a shell text calls, in order."""
    return re.findall(r"(?:^|[\s;&|(])(?:sh\s+)?(?:\./)?ci/smap-ci\.sh\s+([a-z-]+)", text)


# --- the script's steps, directly --------------------------------------------------------------


def test_steps_in_order_on_two_commits_and_a_broken_third(sandbox, smap):
    repo, commits = make_map_repo(sandbox)
    map_rel = map_path()
    summary = sandbox.root / "summary.md"

    out = ci(sandbox, repo, smap, "install")
    assert "nothing to build" in out.stdout

    out = ci(sandbox, repo, smap, "check", GITHUB_ACTIONS="true")
    assert "::error" not in out.stdout
    assert "check passed" in out.stdout

    # The versions differ, so smap diff exits 1; the step still succeeds.
    out = ci(sandbox, repo, smap, "diff", "origin/main", GITHUB_STEP_SUMMARY=summary)
    assert "`halsosamtal` \"Hälsosamtal med sjuksköterska\"" in out.stdout
    assert '"Hälsosamtal på vårdcentralen" → "Hälsosamtal med sjuksköterska"' in out.stdout
    assert f"`origin/main:{map_rel}` med `{map_rel}`" in out.stdout
    assert summary.read_text(encoding="utf-8").strip() == out.stdout.strip()
    assert str(sandbox.tmp) not in out.stdout + out.stderr

    out = ci(sandbox, repo, smap, "build")
    site = repo / "site"
    assert (site / "index.html").is_file() and (site / "map.json").is_file()
    assert "Hälsosamtal med sjuksköterska" in (site / "index.html").read_text(encoding="utf-8")

    commit_broken(sandbox, repo)
    out = ci(sandbox, repo, smap, "check", GITHUB_ACTIONS="true", codes=(1,))
    match = BROKEN_ANNOTATION.search(out.stdout)
    assert match, out.stdout
    assert match["file"] == map_rel
    assert "fel[E105]" in out.stdout, "the log has the full text too"
    assert "the map has problems" in out.stderr

    # Outside GitHub (GitLab, a terminal) the problems are text, not annotations.
    out = ci(sandbox, repo, smap, "check", codes=(1,))
    assert "::error" not in out.stdout
    assert f"{map_rel}:35:16: fel[E105]" in out.stdout

    # A broken map is not built, and the site that was there stays as it was.
    before = (site / "index.html").read_bytes()
    ci(sandbox, repo, smap, "build", codes=(1,))
    assert (site / "index.html").read_bytes() == before

    status = sandbox.git(repo, "status", "--porcelain", "--untracked-files=all")
    assert sorted(line[3:] for line in status.splitlines()) == ["site/index.html", "site/map.dot", "site/map.json"]
    assert sandbox.leftovers() == []


def test_check_reports_the_layout(sandbox, smap):
    repo, _ = make_map_repo(sandbox)
    shutil.copyfile(FIXTURES / "unformatted.smap", repo / map_path())
    out = ci(sandbox, repo, smap, "check", GITHUB_ACTIONS="true", codes=(1,))
    assert f"::error file={map_path()},title=smap fmt::" in out.stdout
    assert f"smap fmt -w {map_path()}" in out.stderr
    out = ci(sandbox, repo, smap, "check", codes=(1,))
    assert "::error" not in out.stdout


def test_strict_makes_warnings_fail(sandbox, smap):
    repo, _ = make_map_repo(sandbox)
    path = repo / map_path()
    path.write_text(path.read_text(encoding="utf-8").replace(
        '  info "Deltagaren börjar på en praktikplats."\n', ""), encoding="utf-8")
    out = ci(sandbox, repo, smap, "check", GITHUB_ACTIONS="true")
    assert re.search(r"^::warning file=.*title=W\d+::", out.stdout, re.M), out.stdout
    ci(sandbox, repo, smap, "check", GITHUB_ACTIONS="true", SMAP_STRICT="1", codes=(1,))


def test_check_formats_included_parts_and_diff_sees_their_changes(sandbox, smap):
    repo, _ = make_map_repo(sandbox)
    shutil.copytree(FIXTURES / "include", repo / "tva")
    sandbox.git(repo, "add", "-A")
    sandbox.git(repo, "commit", "-qm", "A map in two files")
    sandbox.git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    part = repo / "tva" / "delar" / "region.smap"
    part.write_text(part.read_text(encoding="utf-8").replace(
        '"Hälsosamtal på vårdcentralen"', '"Samtal med vårdcentralen"'), encoding="utf-8")
    sandbox.git(repo, "commit", "-qam", "A new title in the included part")

    out = ci(sandbox, repo, smap, "diff", "origin/main", SMAP_MAP="tva/karta.smap")
    assert '"Hälsosamtal på vårdcentralen" → "Samtal med vårdcentralen"' in out.stdout

    ci(sandbox, repo, smap, "check", SMAP_MAP="tva/karta.smap")
    part.write_text(part.read_text(encoding="utf-8").replace("{ color", "{color"), encoding="utf-8")
    sandbox.git(repo, "commit", "-qam", "A messy layout in the part")
    out = ci(sandbox, repo, smap, "check", SMAP_MAP="tva/karta.smap", GITHUB_ACTIONS="true", codes=(1,))
    assert "::error file=tva/delar/region.smap,title=smap fmt::" in out.stdout
    assert sandbox.leftovers() == []


def test_diff_edge_cases(sandbox, smap):
    repo, commits = make_map_repo(sandbox, map_rel="kartor/karta.smap")
    env = {"SMAP_MAP": "kartor/karta.smap"}

    # A map in a folder; the base as a commit id (GitLab passes one), shown short.
    out = ci(sandbox, repo, smap, "diff", commits["v1"], **env)
    assert f"`{commits['v1'][:12]}:kartor/karta.smap` med `kartor/karta.smap`" in out.stdout
    assert "halsosamtal" in out.stdout

    # The same meaning: exit 0 and it says so.
    out = ci(sandbox, repo, smap, "diff", "HEAD", **env)
    assert "inga ändringar" in out.stdout

    # A map that is new in this change.
    shutil.copyfile(FIXTURES / "v1.smap", repo / "ny.smap")
    sandbox.git(repo, "add", "ny.smap")
    sandbox.git(repo, "commit", "-qm", "A second map")
    out = ci(sandbox, repo, smap, "diff", "origin/main", SMAP_MAP="ny.smap")
    assert "the whole map is new" in out.stdout

    # A base that is not there (and no remote to fetch it from): a set-up problem, exit 2.
    out = ci(sandbox, repo, smap, "diff", "origin/nowhere", codes=(2,), **env)
    assert "cannot find 'origin/nowhere'" in out.stderr

    # A head that does not parse cannot be compared: the step fails and says so in the summary.
    (repo / "kartor" / "karta.smap").write_text('map "x" {\n', encoding="utf-8")
    summary = sandbox.root / "summary.md"
    out = ci(sandbox, repo, smap, "diff", "origin/main", codes=(1,), GITHUB_STEP_SUMMARY=summary, **env)
    assert "could not compare" in out.stderr
    assert "could not be compared" in summary.read_text(encoding="utf-8")

    ci(sandbox, repo, smap, "diff", codes=(2,), **env)
    ci(sandbox, repo, smap, "frobnicate", codes=(2,))
    assert sandbox.leftovers() == []


def test_a_missing_map_or_smap_is_a_clear_set_up_problem(sandbox, smap):
    repo, _ = make_map_repo(sandbox)
    out = ci(sandbox, repo, smap, "check", SMAP_MAP="saknas.smap", codes=(2,))
    assert "set SMAP_MAP" in out.stderr
    env = sandbox.env(PATH="/usr/bin:/bin", SMAP_HOME=sandbox.root / "empty")
    if shutil.which("smap", path=env["PATH"]):
        pytest.skip("a smap is installed in /usr/bin or /bin")
    out = sandbox.run(["sh", "ci/smap-ci.sh", "check"], cwd=repo, env=env, codes=(2,))
    assert "run 'sh ci/smap-ci.sh install' first" in out.stderr


# --- the workflows, step by step ---------------------------------------------------------------

# Every `if:` of the GitHub workflow, as a function of the simulated run. A new
# condition in the workflow fails the test until it is added here.
GITHUB_IF = {
    "github.event_name == 'pull_request' && !cancelled() && steps.install.outcome == 'success'":
        lambda run: run["event"] == "pull_request" and run["outcomes"].get("install") == "success",
    "github.event_name == 'pull_request' && !cancelled() && steps.diff.outcome == 'success'":
        lambda run: run["event"] == "pull_request" and run["outcomes"].get("diff") == "success",
    "steps.cache.outputs.cache-hit != 'true'":
        lambda run: not run["failed"],
    "github.event_name != 'pull_request' && github.ref_name == github.event.repository.default_branch":
        lambda run: run["event"] != "pull_request" and run["ref_name"] == "main",
}


def github_expression(text, run):
    values = {
        "github.base_ref": run.get("base_ref", ""),
        "github.event_name": run["event"],
        "github.ref_name": run["ref_name"],
    }

    def one(match):
        expression = match.group(1).strip()
        assert expression in values, f"the test does not know the expression ${{{{ {expression} }}}}"
        return values[expression]

    return re.sub(r"\$\{\{(.*?)\}\}", one, str(text))


def run_github_job(sandbox, repo, smap, workflow, job_id, run):
    """Runs a job's `run:` steps in order as GitHub would, skipping `uses:` steps.
    Returns the list of (step id or name, outcome, stdout+stderr)."""
    job = workflow["jobs"][job_id]
    if "if" in job:
        condition = job["if"]
        assert condition in GITHUB_IF, f"the test does not know the condition {condition!r}"
        if not GITHUB_IF[condition](run):
            return None
    summary = sandbox.root / f"summary-{job_id}.md"
    github_path = sandbox.root / f"path-{job_id}"
    summary.write_text("")
    github_path.write_text("")
    run.update(failed=False, outcomes={}, summary=summary)
    results = []
    for step in job["steps"]:
        key = step.get("id", step.get("name"))
        if "if" in step:
            assert step["if"] in GITHUB_IF, f"the test does not know the condition {step['if']!r}"
            wanted = GITHUB_IF[step["if"]](run)
        else:
            wanted = not run["failed"]
        if not wanted or "run" not in step:
            run["outcomes"][key] = "skipped" if not wanted else "success"
            continue
        env = {}
        for scope in (workflow.get("env", {}), job.get("env", {}), step.get("env", {})):
            env.update({k: github_expression(v, run) for k, v in scope.items()})
        env.update(
            SMAP=smap, CI="true", GITHUB_ACTIONS="true", GITHUB_WORKSPACE=repo,
            GITHUB_EVENT_NAME=run["event"], GITHUB_REF_NAME=run["ref_name"],
            GITHUB_BASE_REF=run.get("base_ref", ""), GITHUB_STEP_SUMMARY=summary, GITHUB_PATH=github_path,
        )
        result = sandbox.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                             cwd=repo, env=sandbox.env(**env), codes=None)
        outcome = "success" if result.returncode == 0 else "failure"
        run["outcomes"][key] = outcome
        run["failed"] = run["failed"] or outcome == "failure"
        results.append((key, outcome, result.stdout + result.stderr))
    return results


def test_github_workflow_steps_on_a_pull_request_and_on_main(sandbox, smap):
    workflow = load_yaml(GITHUB)
    repo, commits = make_map_repo(sandbox)

    # A pull request from `change` into main.
    pr = {"event": "pull_request", "ref_name": "7/merge", "base_ref": "main"}
    steps = run_github_job(sandbox, repo, smap, workflow, "check", pr)
    assert [(k, o) for k, o, _ in steps] == [
        ("Trust the repository's folder", "success"), ("install", "success"),
        ("Check the map and its layout", "success"), ("diff", "success"),
    ], steps
    summary = pr["summary"].read_text(encoding="utf-8")
    assert "`halsosamtal` \"Hälsosamtal med sjuksköterska\"" in summary
    assert "halsosamtal" in (repo / "smap-diff.md").read_text(encoding="utf-8")
    assert run_github_job(sandbox, repo, smap, workflow, "site", pr) is None

    # The broken third commit: the check step fails with the annotation; the diff still runs.
    commit_broken(sandbox, repo)
    pr = {"event": "pull_request", "ref_name": "7/merge", "base_ref": "main"}
    steps = run_github_job(sandbox, repo, smap, workflow, "check", pr)
    outcomes = {k: o for k, o, _ in steps}
    assert outcomes["Check the map and its layout"] == "failure"
    assert outcomes["diff"] == "success"
    check_output = [out for k, _, out in steps if k == "Check the map and its layout"][0]
    assert BROKEN_ANNOTATION.search(check_output), check_output
    assert "**−** `halsosamtal → praktik`" in pr["summary"].read_text(encoding="utf-8")

    # A push to another branch checks, and publishes nothing.
    push = {"event": "push", "ref_name": "change"}
    sandbox.git(repo, "checkout", "-q", commits["v2"])
    assert [o for _, o, _ in run_github_job(sandbox, repo, smap, workflow, "check", push)] == ["success"] * 3
    assert run_github_job(sandbox, repo, smap, workflow, "site", push) is None

    # The change merged into main: checked, built and handed to Pages.
    sandbox.git(repo, "checkout", "-q", "-B", "main", commits["v2"])
    push = {"event": "push", "ref_name": "main"}
    assert [o for _, o, _ in run_github_job(sandbox, repo, smap, workflow, "check", push)] == ["success"] * 3
    steps = run_github_job(sandbox, repo, smap, workflow, "site", push)
    assert [o for _, o, _ in steps] == ["success"] * 3, steps
    upload = [s for s in workflow["jobs"]["site"]["steps"] if "upload-pages-artifact" in s.get("uses", "")]
    site = repo / upload[0]["with"]["path"]
    assert (site / "index.html").is_file() and (site / "map.json").is_file()
    assert sandbox.leftovers() == []


# GitLab's `rules: - if:` conditions, as functions of the simulated pipeline.
GITLAB_IF = {
    '$CI_PIPELINE_SOURCE == "merge_request_event"': lambda p: p.get("CI_PIPELINE_SOURCE") == "merge_request_event",
    "$CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS": lambda p: bool(p.get("CI_COMMIT_BRANCH") and p.get("CI_OPEN_MERGE_REQUESTS")),
    "$CI_COMMIT_BRANCH": lambda p: bool(p.get("CI_COMMIT_BRANCH")),
    "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH":
        lambda p: bool(p.get("CI_COMMIT_BRANCH")) and p.get("CI_COMMIT_BRANCH") == p["CI_DEFAULT_BRANCH"],
}
GITLAB_KEYWORDS = {"variables", "workflow", "default", "stages", "include", "image", "services",
                   "cache", "before_script", "after_script"}


def gitlab_rules_allow(rules, pipeline):
    if rules is None:
        return True
    for rule in rules:
        assert rule["if"] in GITLAB_IF, f"the test does not know the rule {rule['if']!r}"
        if GITLAB_IF[rule["if"]](pipeline):
            return rule.get("when", "on_success") != "never"
    return False


def gitlab_jobs(config):
    """The jobs, in the order GitLab runs them: by stage, then as written."""
    stages = config["stages"]
    jobs = [name for name in config if name not in GITLAB_KEYWORDS and not name.startswith(".")]
    return sorted(jobs, key=lambda name: stages.index(config[name]["stage"]))


def gitlab_script(config, name):
    job = config[name]
    return job.get("before_script", config["default"].get("before_script", [])) + job["script"]


def run_gitlab_pipeline(sandbox, repo, smap, config, pipeline):
    """Runs the pipeline's jobs in order; returns {job: (exit code, output)}."""
    if not gitlab_rules_allow(config["workflow"]["rules"], pipeline):
        return {}
    done = {}
    for name in gitlab_jobs(config):
        job = config[name]
        if not gitlab_rules_allow(job.get("rules"), pipeline):
            continue
        env = {**config["variables"], **job.get("variables", {}), **pipeline, "SMAP": smap, "CI": "true",
               "GITLAB_CI": "true", "CI_PROJECT_DIR": repo}
        script = "\n".join(gitlab_script(config, name))
        result = sandbox.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                             cwd=repo, env=sandbox.env(**env), codes=None)
        done[name] = (result.returncode, result.stdout + result.stderr)
    return done


class NoteCatcher(http.server.BaseHTTPRequestHandler):
    """Stands in for GitLab's API on 127.0.0.1: records the comments posted."""
    notes = []

    def do_POST(self):  # noqa: N802 - the name http.server calls
        length = int(self.headers.get("Content-Length", 0))
        body = urllib.parse.parse_qs(self.rfile.read(length).decode())
        NoteCatcher.notes.append((self.path, self.headers.get("PRIVATE-TOKEN"), body.get("body", [""])[0]))
        self.send_response(201)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def test_gitlab_pipeline_jobs_on_a_merge_request_and_on_main(sandbox, smap):
    config = load_yaml(GITLAB)
    repo, commits = make_map_repo(sandbox)
    server = http.server.HTTPServer(("127.0.0.1", 0), NoteCatcher)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    NoteCatcher.notes = []
    try:
        mr = {"CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_IID": "7",
              "CI_MERGE_REQUEST_DIFF_BASE_SHA": commits["v1"], "CI_DEFAULT_BRANCH": "main",
              "CI_API_V4_URL": f"http://127.0.0.1:{server.server_port}/api/v4", "CI_PROJECT_ID": "42",
              "SMAP_GITLAB_TOKEN": "secret-token"}
        jobs = run_gitlab_pipeline(sandbox, repo, smap, config, mr)
    finally:
        server.shutdown()
        server.server_close()
    assert sorted(jobs) == ["check", "diff"]
    assert all(code == 0 for code, _ in jobs.values()), jobs
    artifact = repo / config["diff"]["artifacts"]["paths"][0]
    assert "`halsosamtal` \"Hälsosamtal med sjuksköterska\"" in artifact.read_text(encoding="utf-8")
    assert f"`{commits['v1'][:12]}:{map_path()}`" in artifact.read_text(encoding="utf-8")
    assert len(NoteCatcher.notes) == 1
    path, token, body = NoteCatcher.notes[0]
    assert path == "/api/v4/projects/42/merge_requests/7/notes" and token == "secret-token"
    assert body == artifact.read_text(encoding="utf-8")

    commit_broken(sandbox, repo)
    mr.pop("SMAP_GITLAB_TOKEN")
    jobs = run_gitlab_pipeline(sandbox, repo, smap, config, mr)
    assert jobs["check"][0] == 1 and f"{map_path()}:35:16: fel[E105]" in jobs["check"][1]
    assert jobs["diff"][0] == 0

    # A branch with an open merge request has only the merge request's pipeline.
    branch = {"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "change", "CI_DEFAULT_BRANCH": "main",
              "CI_OPEN_MERGE_REQUESTS": "group/map!7"}
    assert run_gitlab_pipeline(sandbox, repo, smap, config, branch) == {}

    sandbox.git(repo, "checkout", "-q", "-B", "main", commits["v2"])
    main = {"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "main", "CI_DEFAULT_BRANCH": "main"}
    jobs = run_gitlab_pipeline(sandbox, repo, smap, config, main)
    assert sorted(jobs) == ["check", "pages"]
    assert all(code == 0 for code, _ in jobs.values()), jobs
    public = repo / config["pages"]["artifacts"]["paths"][0]
    assert (public / "index.html").is_file() and (public / "map.json").is_file()
    assert sandbox.leftovers() == []


# --- the workflows' shape (no smap needed) -----------------------------------------------------


def github_calls(workflow):
    return [(job_id, [c for s in job["steps"] if "run" in s for c in script_calls(s["run"])])
            for job_id, job in workflow["jobs"].items()]


def gitlab_calls(config):
    return [(name, [c for line in gitlab_script(config, name) for c in script_calls(line)])
            for name in gitlab_jobs(config)]


def first_seen(calls):
    order = []
    for _, steps in calls:
        for step in steps:
            if step not in order:
                order.append(step)
    return order


def assert_order(calls):
    """Every job installs first, and the steps come in STEP_ORDER across the workflow."""
    for job, steps in calls:
        if steps:
            assert steps[0] == "install", f"job {job} runs {steps} without installing smap first"
        positions = [STEP_ORDER.index(s) for s in steps]
        assert positions == sorted(positions), f"job {job} runs {steps}, not in the order {STEP_ORDER}"
    assert first_seen(calls) == STEP_ORDER


def test_the_workflows_call_the_steps_in_order():
    github = load_yaml(GITHUB)
    gitlab = load_yaml(GITLAB)
    assert github_calls(github) == [("check", ["install", "check", "diff"]), ("site", ["install", "build"]),
                                    ("deploy", [])]
    assert gitlab_calls(gitlab) == [("check", ["install", "check"]), ("diff", ["install", "diff"]),
                                    ("pages", ["install", "build"])]
    assert_order(github_calls(github))
    assert_order(gitlab_calls(gitlab))
    # Every step the workflows name exists in the script.
    text = SCRIPT.read_text(encoding="utf-8")
    for step in STEP_ORDER:
        assert re.search(rf"^\s*{step}\) cmd_{step} ", text, re.M), step


def test_the_order_check_catches_a_swapped_workflow():
    github = load_yaml(GITHUB)
    steps = github["jobs"]["check"]["steps"]
    i = next(n for n, s in enumerate(steps) if "ci/smap-ci.sh check" in s.get("run", ""))
    j = next(n for n, s in enumerate(steps) if "ci/smap-ci.sh diff" in s.get("run", ""))
    steps[i], steps[j] = steps[j], steps[i]
    with pytest.raises(AssertionError):
        assert_order(github_calls(github))
    gitlab = load_yaml(GITLAB)
    gitlab["default"]["before_script"] = []
    with pytest.raises(AssertionError):
        assert_order(gitlab_calls(gitlab))


def test_github_workflow_shape():
    workflow = load_yaml(GITHUB)
    triggers = github_triggers(workflow)
    assert "push" in triggers and "pull_request" in triggers
    for name in ("SMAP_MAP", "SMAP_REPO", "SMAP_REF"):
        assert workflow["env"].get(name), name
    jobs = workflow["jobs"]
    # Expressions go through env:, never into a shell text (no script injection).
    for job in jobs.values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), step
    checkout = [s for s in jobs["check"]["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout and checkout[0]["with"]["fetch-depth"] == 0
    # smap is cached, keyed on its version, in the folder the script installs into.
    script_home = re.search(r"home=\$\{SMAP_HOME:-([^}]+)\}", SCRIPT.read_text(encoding="utf-8")).group(1)
    caches = [s for job in jobs.values() for s in job["steps"] if s.get("uses", "").startswith("actions/cache")]
    assert len(caches) == 4 and len({s["with"]["key"] for s in caches}) == 1
    assert all("${{ env.SMAP_REF }}" in s["with"]["key"] and s["with"]["path"] == script_home for s in caches)
    # The diff goes to the file the comment step reads.
    diff = next(s for s in jobs["check"]["steps"] if s.get("id") == "diff")
    assert diff["env"]["SMAP_DIFF_FILE"] in next(
        s for s in jobs["check"]["steps"] if "github-script" in s.get("uses", ""))["with"]["script"]
    # Pages: the folder built is the folder uploaded; the deploy job may deploy.
    build = next(s for s in jobs["site"]["steps"] if "ci/smap-ci.sh build" in s.get("run", ""))
    upload = next(s for s in jobs["site"]["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert build["run"].split()[-1] == upload["with"]["path"]
    assert jobs["deploy"]["needs"] == "site" and jobs["site"]["needs"] == "check"
    assert jobs["deploy"]["permissions"]["pages"] == "write"
    assert jobs["deploy"]["permissions"]["id-token"] == "write"
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in jobs["deploy"]["steps"])


def test_gitlab_pipeline_shape():
    config = load_yaml(GITLAB)
    for name in ("SMAP_MAP", "SMAP_REPO", "SMAP_REF"):
        assert config["variables"].get(name), name
    assert config["variables"]["SMAP_MAP"] == map_path()
    cache = config["default"]["cache"]
    assert "$SMAP_REF" in cache["key"] and cache["paths"] == [".smap-tool/"] and cache["when"] == "always"
    assert config["diff"]["variables"]["GIT_DEPTH"] == "0"
    assert config["diff"]["artifacts"]["paths"] == [config["diff"]["variables"]["SMAP_DIFF_FILE"]]
    assert config["pages"]["artifacts"]["paths"] == ["public"]
    assert config["pages"]["script"][-1].split()[-1] == "public"
    # The diff runs only in merge requests, the pages only on the default branch.
    mr = {"CI_PIPELINE_SOURCE": "merge_request_event", "CI_DEFAULT_BRANCH": "main"}
    main = {"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "main", "CI_DEFAULT_BRANCH": "main"}
    other = {"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "x", "CI_DEFAULT_BRANCH": "main"}
    assert [gitlab_rules_allow(config["diff"].get("rules"), p) for p in (mr, main, other)] == [True, False, False]
    assert [gitlab_rules_allow(config["pages"].get("rules"), p) for p in (mr, main, other)] == [False, True, False]
    assert [gitlab_rules_allow(config["check"].get("rules"), p) for p in (mr, main, other)] == [True, True, True]
    # Both CI files pin the same smap.
    github = load_yaml(GITHUB)["env"]
    assert {k: config["variables"][k] for k in github} == github


# --- install: against a stand-in smap repository ------------------------------------------------


def stand_in_smap_repo(sandbox, smap, with_install_script=True):
    """A git repository in the role of smap's: its scripts/install 'builds' a smap that runs
    the real one, and counts its builds in builds.txt."""
    src = sandbox.root / "smap-src"
    src.mkdir()
    sandbox.git(src, "-c", "init.defaultBranch=main", "init", "-q")
    counter = sandbox.root / "builds.txt"
    if with_install_script:
        (src / "scripts").mkdir()
        (src / "scripts" / "install").write_text(
            "#!/bin/sh\nset -eu\n"
            f"echo build >> '{counter}'\n"
            'mkdir -p "$1/bin"\n'
            f"printf '#!/bin/sh\\nexec %s \"$@\"\\n' '{smap}' > \"$1/bin/smap\"\n"
            'chmod 755 "$1/bin/smap"\n', encoding="utf-8")
    (src / "README.md").write_text("stand-in\n")
    sandbox.git(src, "add", "-A")
    sandbox.git(src, "commit", "-qm", "v1")
    sandbox.git(src, "tag", "v1.0.0")
    (src / "README.md").write_text("stand-in, later\n")
    sandbox.git(src, "commit", "-qam", "later")
    return src, counter


def builds(counter):
    return len(counter.read_text().splitlines()) if counter.exists() else 0


def test_install_builds_the_pinned_version_once_then_uses_the_cache(sandbox, smap):
    repo, _ = make_map_repo(sandbox)
    src, counter = stand_in_smap_repo(sandbox, smap)
    github_path = sandbox.root / "github-path"
    env = sandbox.env(SMAP_REPO=src, SMAP_REF="v1.0.0", GITHUB_PATH=github_path)

    out = sandbox.run(["sh", "ci/smap-ci.sh", "install"], cwd=repo, env=env)
    tagged = sandbox.git(src, "rev-parse", "v1.0.0")
    assert f"commit {tagged}" in out.stdout
    assert builds(counter) == 1
    tool = repo / ".smap-tool"
    assert (tool / "ref").read_text().strip() == "v1.0.0"
    assert (tool / "commit").read_text().strip() == tagged
    assert github_path.read_text().splitlines() == [str(tool / "bin")]

    # A cache hit: nothing is fetched or built.
    out = sandbox.run(["sh", "ci/smap-ci.sh", "install"], cwd=repo, env=env)
    assert "from the cache" in out.stdout and builds(counter) == 1

    # The other steps use the installed smap (no SMAP given).
    out = sandbox.run(["sh", "ci/smap-ci.sh", "check"], cwd=repo, env=env)
    assert "check passed" in out.stdout

    # Another pin builds again; a full commit id is checked.
    head = sandbox.git(src, "rev-parse", "HEAD")
    out = sandbox.run(["sh", "ci/smap-ci.sh", "install"], cwd=repo, env={**env, "SMAP_REF": head})
    assert builds(counter) == 2 and (tool / "commit").read_text().strip() == head
    assert sorted(p.name for p in tool.rglob("*")) == ["bin", "commit", "ref", "smap"]

    # A short commit id cannot be fetched by itself: the whole history is fetched instead.
    short = tagged[:10]
    sandbox.run(["sh", "ci/smap-ci.sh", "install"], cwd=repo, env={**env, "SMAP_REF": short})
    assert builds(counter) == 3 and (tool / "commit").read_text().strip() == tagged
    assert sandbox.git(repo, "status", "--porcelain") == "?? .smap-tool/"
    assert sandbox.leftovers() == []


def test_install_without_scripts_install_builds_with_swift(sandbox, smap):
    repo, _ = make_map_repo(sandbox)
    src, _ = stand_in_smap_repo(sandbox, smap, with_install_script=False)
    fake = fake_swift(sandbox, smap)
    env = sandbox.env(SMAP_REPO=src, SMAP_REF="v1.0.0", PATH=f"{fake}:{sandbox.base_env['PATH']}")
    out = sandbox.run(["sh", "ci/smap-ci.sh", "install"], cwd=repo, env=env)
    assert "installed smap" in out.stdout
    assert (fake / "calls.txt").read_text().splitlines()[0] == "build -c release --product smap"


def test_install_refuses_unclear_settings(sandbox, smap):
    repo, _ = make_map_repo(sandbox)
    src, counter = stand_in_smap_repo(sandbox, smap)
    cases = [
        ({"SMAP_REPO": src}, "SMAP_REF is not set"),
        ({"SMAP_REF": "v1.0.0"}, "SMAP_REPO is not set"),
        ({"SMAP_REPO": "https://github.com/CHANGE-ME/smap.git", "SMAP_REF": "v1.0.0"}, "is still"),
        ({"SMAP_REPO": src, "SMAP_REF": "v9.9.9"}, "cannot fetch smap 'v9.9.9'"),
        ({"SMAP_REPO": src, "SMAP_REF": "0" * 40}, "cannot fetch smap"),
    ]
    for settings, message in cases:
        out = sandbox.run(["sh", "ci/smap-ci.sh", "install"], cwd=repo, env=sandbox.env(**settings), codes=(2,))
        assert message in out.stderr, (settings, out.stderr)
    out = sandbox.run(["sh", "ci/smap-ci.sh", "install"], cwd=repo,
                      env=sandbox.env(SMAP=sandbox.root / "nope"), codes=(2,))
    assert "does not run" in out.stderr
    assert builds(counter) == 0 and not (repo / ".smap-tool").exists()
    assert sandbox.leftovers() == []


# --- scripts/install, with a stand-in swift -----------------------------------------------------


def fake_swift(sandbox, smap, fail=False):
    """A `swift` that 'builds' by writing a smap that runs the real one; logs its calls."""
    folder = sandbox.root / "fake-swift"
    folder.mkdir(exist_ok=True)
    log = folder / "calls.txt"
    script = f"""#!/bin/sh
echo "$*" >> '{log}'
case "$*" in
  "build -c release --product smap")
    {'exit 1' if fail else ''}
    mkdir -p .build/release
    printf '#!/bin/sh\\nexec %s "$@"\\n' '{smap}' > .build/release/smap
    chmod 755 .build/release/smap ;;
  "build -c release --show-bin-path") echo "$PWD/.build/release" ;;
  *) exit 64 ;;
esac
"""
    (folder / "swift").write_text(script)
    (folder / "swift").chmod(0o755)
    return folder


def install_copy(sandbox):
    """scripts/install in a copy of a package folder, so its build writes nothing here."""
    package = sandbox.root / "package"
    (package / "scripts").mkdir(parents=True)
    shutil.copy2(INSTALL, package / "scripts" / "install")
    (package / "Package.swift").write_text("// stand-in\n")
    return package


def path_without_swift():
    folders = [f for f in os.environ.get("PATH", "/usr/bin:/bin").split(os.pathsep)
               if f and not (Path(f) / "swift").exists()]
    return os.pathsep.join(folders)


def test_scripts_install(sandbox, smap):
    package = install_copy(sandbox)
    fake = fake_swift(sandbox, smap)
    env = sandbox.env(PATH=f"{fake}:{path_without_swift()}")
    prefix = sandbox.root / "prefix"

    out = sandbox.run(["sh", "scripts/install", str(prefix)], cwd=package, env=env)
    assert (prefix / "bin" / "smap").is_file() and os.access(prefix / "bin" / "smap", os.X_OK)
    assert f"installed smap 1.0.0 as {prefix}/bin/smap" in out.stdout
    assert "is not on your PATH" in out.stdout
    assert sandbox.run([str(prefix / "bin" / "smap"), "--version"], cwd=package).stdout.startswith("smap ")

    # A relative PREFIX is relative to where it was started, not to the package.
    work = sandbox.root / "elsewhere"
    work.mkdir()
    sandbox.run(["sh", str(package / "scripts" / "install"), "rel"], cwd=work, env=env)
    assert (work / "rel" / "bin" / "smap").is_file()
    assert not list((work / "rel" / "bin").glob(".smap.install.*"))

    # PREFIX/bin cannot be made: exit 3 and a way out.
    blocker = sandbox.root / "a-file"
    blocker.write_text("")
    out = sandbox.run(["sh", "scripts/install", str(blocker)], cwd=package, env=env, codes=(3,))
    assert "cannot write to" in out.stderr and "$HOME/.local" in out.stderr

    assert "Usage: scripts/install" in sandbox.run(["sh", "scripts/install", "--help"], cwd=package, env=env).stdout
    sandbox.run(["sh", "scripts/install", "a", "b"], cwd=package, env=env, codes=(2,))
    sandbox.run(["sh", "scripts/install", "--frob"], cwd=package, env=env, codes=(2,))

    # The build fails: exit 1, nothing installed.
    shutil.rmtree(fake)
    fake = fake_swift(sandbox, smap, fail=True)
    failed = sandbox.root / "failed"
    out = sandbox.run(["sh", "scripts/install", str(failed)], cwd=package,
                      env=sandbox.env(PATH=f"{fake}:{path_without_swift()}"), codes=(1,))
    assert "nothing was installed" in out.stderr and not failed.exists()

    # No swift at all: exit 2 and where to get it.
    out = sandbox.run(["sh", "scripts/install", str(failed)], cwd=package,
                      env=sandbox.env(PATH=path_without_swift()), codes=(2,))
    assert "'swift' was not found" in out.stderr


# --- the pre-commit hooks -----------------------------------------------------------------------


def test_pre_commit_hooks(sandbox, smap):
    hooks = {h["id"]: h for h in load_yaml(HOOKS)}
    assert {"smap-check", "smap-fmt"} <= set(hooks)
    for hook in hooks.values():
        assert hook["language"] == "system"
        pattern = re.compile(hook["files"])
        assert pattern.search("karta.smap") and pattern.search("delar/region.smap")
        assert not pattern.search("karta.smap.orig") and not pattern.search("karta.md")
        assert shlex.split(hook["entry"])[0] == "smap"
    bin_dir = sandbox.root / "bin"
    bin_dir.mkdir()
    (bin_dir / "smap").symlink_to(smap)
    env = sandbox.env(PATH=f"{bin_dir}:{sandbox.base_env['PATH']}")
    work = sandbox.root / "hooks"
    work.mkdir()

    def hook(hook_id, name, fixture, code):
        shutil.copyfile(FIXTURES / fixture, work / name)
        # As pre-commit runs a hook: the entry, its args, then the staged files.
        args = shlex.split(hooks[hook_id]["entry"]) + hooks[hook_id].get("args", []) + [name]
        return sandbox.run(args, cwd=work, env=env, codes=(code,))

    hook("smap-check", "karta.smap", "v1.smap", 0)
    assert "E105" in hook("smap-check", "karta.smap", "broken.smap", 1).stdout
    hook("smap-fmt-check", "karta.smap", "unformatted.smap", 1)
    hook("smap-fmt", "karta.smap", "unformatted.smap", 0)
    assert (work / "karta.smap").read_text(encoding="utf-8") != (FIXTURES / "unformatted.smap").read_text(encoding="utf-8")
    hook("smap-fmt-check", "karta.smap", "v1.smap", 0)
    sandbox.run(["smap", "fmt", "--check", "karta.smap"], cwd=work, env=env)


# --- the test's own guard ----------------------------------------------------------------------


def test_the_outside_guard_sees_a_write(tmp_path):
    box = Sandbox(tmp_path)
    before = snapshot_outside(box)
    stray = tmp_path.parent / f"stray-{os.getpid()}"
    stray.write_text("")
    try:
        assert snapshot_outside(box) != before
    finally:
        stray.unlink()
    assert snapshot_outside(box) == before
