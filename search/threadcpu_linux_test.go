package search

import (
	"syscall"
	"unsafe"
)

// threadCPU is the CPU time the calling OS thread has used, for benchmarks
// that lock their goroutine to one thread: unlike the wall clock, it leaves
// out the time spent waiting for a core on a loaded machine.
//
// It reads CLOCK_THREAD_CPUTIME_ID, the scheduler's own count in
// nanoseconds. getrusage(RUSAGE_THREAD) is not fit for timing one request:
// the kernel splits the thread's time into user and system by tick samples
// and keeps each part from going back, so a request of a millisecond often
// reads as 0 and a later one carries its time.
func threadCPU() (ns int64, ok bool) {
	const clockThreadCPUTimeID = 3
	var ts syscall.Timespec
	if _, _, e := syscall.RawSyscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTimeID, uintptr(unsafe.Pointer(&ts)), 0); e != 0 {
		return 0, false
	}
	return ts.Nano(), true
}
