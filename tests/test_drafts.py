"""relindex.drafts: what an unreviewed draft still needs."""

from __future__ import annotations

from relindex.drafts import draft_todo


def test_draft_todo_names_each_missing_field():
    """draft_todo names indicator, period, value/event_type, unit and an unknown event type."""
    assert draft_todo({"indicator": "a", "period": "2023", "value": 1.0, "unit": "%"}) == []
    todo = draft_todo({"indicator": "", "period": "", "event_type": "summit_meeting"},
                         {"high_level_visit": {}})
    assert todo[:2] == ["indicator", "period"] and "summit_meeting" in todo[2]
    assert draft_todo({"indicator": "a", "period": "2023"}) == ["value and unit, or event_type"]
    assert draft_todo({"indicator": "a", "period": "2023", "value": 2.0}) == ["unit"]


