"""A program for tilevolve's generic evolution: approximate exp(x) on [0, 1]
with a cubic polynomial. Evolution changes only the coefficients between the
EVOLVE-BLOCK markers; evaluator.py scores the result.

  tilevolve evolve examples/function_fit/initial_program.py examples/function_fit/evaluator.py \
      --config examples/function_fit/config.yaml
"""

# EVOLVE-BLOCK-START
def approximate(x):
    c0 = 1.5
    c1 = 0.5
    c2 = 0.25
    c3 = 0.125
    return c0 + c1 * x + c2 * x * x + c3 * x * x * x
# EVOLVE-BLOCK-END
