package search

import "syscall"

// threadCPU is the CPU time the calling OS thread has used, for benchmarks
// that lock their goroutine to one thread: unlike the wall clock, it leaves
// out the time spent waiting for a core on a loaded machine.
func threadCPU() (ns int64, ok bool) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_THREAD, &ru) != nil {
		return 0, false
	}
	return ru.Utime.Nano() + ru.Stime.Nano(), true
}
