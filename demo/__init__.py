"""Demo homes and realistic generated data, for trying doorstep, tests and benchmarks."""
