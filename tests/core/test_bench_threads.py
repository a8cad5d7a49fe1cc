"""bench/threads.py's verdict: a crash or a differing output fails the proof."""

from __future__ import annotations

from bench import threads

SINGLE = {"status": "ok", "hash": "a", "cpu_s": 10.0, "wall_s": 10.0}


def _ok(hash_="a", cpu=12.0, wall=7.0):
    return {"status": "ok", "hash": hash_, "cpu_s": cpu, "wall_s": wall, "threads": 2}


def test_identical_runs_pass_with_medians():
    result = threads.summarise("city", 2, SINGLE, [_ok(cpu=11.0), _ok(cpu=12.0), _ok(cpu=13.0)])
    assert threads.passed(result)
    assert (result["runs"], result["crashes"], result["distinct_hashes"]) == (3, 0, 1)
    assert result["threaded_cpu_s_median"] == 12.0
    assert result["engine_threads_seen"] == [2]
    assert threads.target_row(result)["met"]


def test_a_crash_or_another_output_fails():
    crashed = threads.summarise(
        "city", 2, SINGLE, [_ok(), {"status": "crashed", "returncode": -11}]
    )
    assert not threads.passed(crashed) and crashed["crashes"] == 1
    assert crashed["failures"][0]["returncode"] == -11
    differs = threads.summarise("city", 2, SINGLE, [_ok(), _ok("b")])
    assert not threads.passed(differs) and differs["distinct_hashes"] == 2
    same_but_not_single = threads.summarise("city", 2, SINGLE, [_ok("b"), _ok("b")])
    assert not threads.passed(same_but_not_single)
    assert "**no**" in "\n".join(threads.section(same_but_not_single))


def test_the_section_replaces_itself_in_results_md(tmp_path):
    path = tmp_path / "results.md"
    path.write_text("# results\n\nkept\n", encoding="utf-8")
    first = threads.summarise("city", 2, SINGLE, [_ok()])
    threads.splice(path, threads.section(first))
    second = threads.summarise("city", 2, SINGLE, [_ok(), _ok()])
    threads.splice(path, threads.section(second))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# results\n\nkept\n")
    assert text.count(threads.MARK_START) == 1 and text.count(threads.MARK_END) == 1
    assert "| 2 | 2 | 0 | 0 | 1 | yes |" in text
