"""Test helpers that several apps share: scenes (caucus/testing/needs.py) built on the cast of
caucus/test.py."""
