package viz

import (
	"errors"
	"math"
	"sync"
)

// ErrNoDisplay is returned, wrapped with the reason, by the window when
// there is no display to open it on.
var ErrNoDisplay = errors.New("viz: no display to open a window on")

// Player sits between a publisher of frames (the simulator, on its own
// goroutine) and the window (on the main goroutine). It keeps the latest
// frame for the window and paces the publisher to the playback clock: a
// frame stamped T is accepted once the clock has reached T, so a simulation
// that runs faster than real time plays at the chosen speed, pauses when
// playback pauses, and stops when the window closes.
//
// The window owns time: it advances the clock by the wall time between its
// frames. The Player itself never reads a clock, which keeps it testable.
// All methods are safe for concurrent use.
type Player struct {
	mu   sync.Mutex
	cond sync.Cond

	frame    *Frame
	seq      uint64  // counts accepted frames
	clock    float64 // playback position, mission seconds
	waiting  int     // Publish calls waiting for the clock
	started  bool
	speed    float64
	paused   bool
	closed   bool
	finished bool
}

// Playback speeds, as multiples of real time.
const (
	MinSpeed = 1.0 / 16
	MaxSpeed = 1024.0
)

// NewPlayer returns a player at speed × real time (clamped to [MinSpeed,
// MaxSpeed]).
func NewPlayer(speed float64) *Player {
	p := &Player{speed: clampSpeed(speed)}
	p.cond.L = &p.mu
	return p
}

func clampSpeed(s float64) float64 {
	if !(s > 0) {
		return 1
	}
	return math.Max(MinSpeed, math.Min(MaxSpeed, s))
}

// Publish hands f to the window once the playback clock reaches f.T,
// blocking until then. The first frame is accepted at once and sets the
// clock. It returns false, at once, when the player is closed: the
// publisher should stop. f must not be modified afterwards.
func (p *Player) Publish(f *Frame) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.started {
		p.started, p.clock = true, f.T
	}
	p.waiting++
	for !p.closed && p.clock < f.T {
		p.cond.Wait()
	}
	p.waiting--
	if p.closed {
		return false
	}
	p.frame = f
	p.seq++
	return true
}

// Advance moves the playback clock by wall seconds of real time at the
// current speed, unless paused. While no frame is waiting, the clock runs
// at most one step past the latest frame, so a publisher slower than the
// playback (a planner thinking) does not make the next frames rush through.
func (p *Player) Advance(wall float64) {
	if !(wall > 0) {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.paused || !p.started {
		return
	}
	step := wall * p.speed
	next := p.clock + step
	if p.waiting == 0 && p.frame != nil {
		// Nothing offered: the publisher is busy (a planner thinking).
		next = math.Min(next, p.frame.T+step)
	}
	p.clock = math.Max(p.clock, next)
	p.cond.Broadcast()
}

// Latest returns the latest accepted frame (nil before the first) and how
// many frames were accepted so far, so the window can tell a new frame.
func (p *Player) Latest() (*Frame, uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.frame, p.seq
}

// Clock returns the playback position, mission seconds.
func (p *Player) Clock() float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.clock
}

// SetPaused pauses or resumes playback.
func (p *Player) SetPaused(paused bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.paused = paused
}

// Paused reports whether playback is paused.
func (p *Player) Paused() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.paused
}

// Speed returns the playback speed, a multiple of real time.
func (p *Player) Speed() float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.speed
}

// SetSpeed sets the playback speed, clamped to [MinSpeed, MaxSpeed].
func (p *Player) SetSpeed(s float64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.speed = clampSpeed(s)
}

// Faster doubles the playback speed; Slower halves it.
func (p *Player) Faster() { p.SetSpeed(2 * p.Speed()) }

// Slower halves the playback speed.
func (p *Player) Slower() { p.SetSpeed(p.Speed() / 2) }

// Finish records that the publisher has published its last frame.
func (p *Player) Finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.finished = true
}

// Finished reports whether Finish was called.
func (p *Player) Finished() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.finished
}

// Close makes every pending and future Publish return false.
func (p *Player) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	p.cond.Broadcast()
}

// Closed reports whether Close was called.
func (p *Player) Closed() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.closed
}
