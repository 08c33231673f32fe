"""The one rule every tool uses for its source and target domains."""
import pytest

from mmi2i.apis import task_domains

TWO = ('sheep', 'giraffe')
FOUR = ('sunny', 'night', 'rainy', 'cloudy')


def test_defaults():
    assert task_domains(TWO) == ('sheep', ['giraffe'])
    assert task_domains(TWO, 'giraffe') == ('giraffe', ['sheep'])
    assert task_domains(TWO, None, ['sheep']) == ('giraffe', ['sheep'])
    # N domains: the last one (but the source), from the first
    assert task_domains(FOUR) == ('sunny', ['cloudy'])
    assert task_domains(FOUR, 'cloudy') == ('cloudy', ['rainy'])
    assert task_domains(FOUR, 'night', ['all']) == (
        'night', ['sunny', 'rainy', 'cloudy'])


def test_errors():
    with pytest.raises(SystemExit, match=r"unknown domain\(s\) \['cat'\]"):
        task_domains(TWO, 'cat')
    with pytest.raises(SystemExit, match='needs --source-domain'):
        task_domains(FOUR, None, ['all'])
    with pytest.raises(SystemExit, match='among the targets'):
        task_domains(TWO, 'sheep', ['sheep'])
