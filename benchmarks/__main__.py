"""``make bench``: every benchmark, each printing figures against a reference from the same run."""

from benchmarks import startup, throughput

print("== throughput and responsiveness")
throughput.main()
print("\n== start-up")
startup.main()
