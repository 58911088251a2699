package planner

import (
	"sync"
	"sync/atomic"
)

// parallel calls fn(w, i) for i in [0, n), spreading the calls over the
// workers: ws[0] runs on the calling goroutine, each other worker on a
// goroutine of its own that ends before parallel returns. Each i is claimed
// by exactly one worker, so fn may write to slot i without locking.
func parallel(ws []*worker, n int, fn func(w *worker, i int)) {
	var next atomic.Int64
	run := func(w *worker) {
		for {
			i := int(next.Add(1) - 1)
			if i >= n {
				return
			}
			fn(w, i)
		}
	}
	var wg sync.WaitGroup
	for _, w := range ws[1:] {
		wg.Go(func() { run(w) })
	}
	run(ws[0])
	wg.Wait()
}
