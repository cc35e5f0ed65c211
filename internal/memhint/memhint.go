// Package memhint prepares large arrays for the way a loader fills them.
package memhint

import "unsafe"

// pageSize is the smallest page size of the platforms chatgov runs on; a
// larger page is only touched more than once.
const pageSize = 4096

// Prefault writes a zero byte into every page of s's array, which must be
// freshly allocated and not yet written, so that the kernel maps each page
// for writing now.
//
// Go does not clear a large allocation that comes fresh from the
// operating system, and the garbage collector reads an array that holds
// pointers when it scans it: each page it reads is mapped read-only to the
// kernel's shared zero page, and the first write to it then takes a
// copy-on-write fault that flushes the other cores' TLBs. Loading a million
// configurations into a 400 MB array took 100,000 of those, whose
// inter-processor interrupts cost seconds in a virtual machine. A page
// written first takes an ordinary fault.
//
// The bytes are written through a byte view, without write barriers: the
// array holds only zero values, and writing zero over nil changes nothing
// the collector tracks.
func Prefault[T any](s []T) {
	var zero T
	size := uintptr(cap(s)) * unsafe.Sizeof(zero)
	if size == 0 {
		return
	}
	b := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), size)
	for i := uintptr(0); i < size; i += pageSize {
		b[i] = 0
	}
	b[size-1] = 0
}
