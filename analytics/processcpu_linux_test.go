package analytics_test

import (
	"syscall"
	"time"
)

// processCPU is the CPU time the test process has used, all its threads
// (the collector's included): on a machine shared with other work a
// benchmark's wall clock drifts with the neighbours' load, its CPU time
// much less.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
