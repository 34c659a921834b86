"""``make bench``: every benchmark, each printing figures against a reference from the same run."""

from benchmarks import classify, memory, stalls, startup, sweep, throughput

if __name__ == "__main__":  # run children re-import the main module: do nothing there
    # Memory first: the benchmarks after it run torch in this process (their bare-loop
    # references), which would be counted as the window's own memory.
    print("== memory")
    memory.main()
    print("\n== throughput, frames per second and responsiveness at full speed")
    throughput.main()
    print("\n== start-up")
    startup.main()
    print("\n== stalls: tab switches and button spam")
    stalls.main()
    print("\n== learning-rate sweeps: 32 lrs at once against one run")
    sweep.main()
    print("\n== classify: figures and throughput through the window")
    classify.main()
