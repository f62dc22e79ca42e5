#!/usr/bin/env python3
"""Evaluator for examples/function_fit: called as `evaluator.py PROGRAM_PATH`,
prints one JSON object with combined_score (higher is better) on stdout.

The score is 1 / (1 + 100 * max |approximate(x) - exp(x)|) over 201 points of
[0, 1]: 1.0 would be a perfect fit. A program that fails to load or returns a
non-number scores 0 with outcome "bad_program" and the reason.
"""
import json
import math
import runpy
import sys


def main():
    if len(sys.argv) != 2:
        print(json.dumps({"combined_score": 0.0, "outcome": "bad_usage",
                          "message": "usage: evaluator.py PROGRAM_PATH"}))
        return 0
    try:
        program = runpy.run_path(sys.argv[1])
        approximate = program["approximate"]
        xs = [i / 200.0 for i in range(201)]
        max_error = max(abs(float(approximate(x)) - math.exp(x)) for x in xs)
        if not math.isfinite(max_error):
            raise ValueError("non-finite result")
    except Exception as error:  # the program is untrusted: any failure is its score
        print(json.dumps({"combined_score": 0.0, "outcome": "bad_program",
                          "message": "%s: %s" % (type(error).__name__, error)}))
        return 0
    print(json.dumps({"combined_score": 1.0 / (1.0 + 100.0 * max_error), "max_error": max_error,
                      "outcome": "ok"}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
