package viz

import (
	"runtime"
	"testing"
)

func TestPlayerPacesThePublisher(t *testing.T) {
	p := NewPlayer(2)
	if !p.Publish(&Frame{T: 10}) {
		t.Fatal("the first frame was refused")
	}
	if got := p.Clock(); got != 10 {
		t.Errorf("the first frame sets the clock: %v, want 10", got)
	}
	accepted := make(chan bool)
	go func() { accepted <- p.Publish(&Frame{T: 11}) }()
	for p.waitingPublishers() == 0 {
		runtime.Gosched()
	}
	// Until the clock reaches 11 the frame is not accepted: the window
	// still sees the first one, whatever the goroutines do.
	p.Advance(0.25) // ×2: clock 10.5
	if f, seq := p.Latest(); f.T != 10 || seq != 1 {
		t.Errorf("at 10.5 s the latest frame is at %v (seq %d), want 10 (1)", f.T, seq)
	}
	p.Advance(0.25) // clock 11
	if !<-accepted {
		t.Fatal("frame refused")
	}
	if f, seq := p.Latest(); f.T != 11 || seq != 2 {
		t.Errorf("latest frame at %v (seq %d), want 11 (2)", f.T, seq)
	}
}

func TestPlayerClockWaitsForASlowPublisher(t *testing.T) {
	p := NewPlayer(1)
	p.Publish(&Frame{T: 0})
	// The planner thinks for a long while: the clock runs at most one
	// step ahead of the latest frame.
	for range 100 {
		p.Advance(0.1)
	}
	if got := p.Clock(); got > 0.1+1e-12 {
		t.Errorf("clock %v ran ahead of the frame at 0", got)
	}
}

func TestPlayerPauseSpeedClose(t *testing.T) {
	p := NewPlayer(1)
	p.Publish(&Frame{T: 0})
	p.SetPaused(true)
	p.Advance(5)
	if !p.Paused() || p.Clock() != 0 {
		t.Errorf("paused: clock %v, want 0", p.Clock())
	}
	p.SetPaused(false)
	p.Faster()
	p.Faster()
	if p.Speed() != 4 {
		t.Errorf("speed %v after two Faster, want 4", p.Speed())
	}
	p.Slower()
	if p.Speed() != 2 {
		t.Errorf("speed %v after Slower, want 2", p.Speed())
	}
	for range 40 {
		p.Faster()
	}
	if p.Speed() != MaxSpeed {
		t.Errorf("speed %v, want the maximum %v", p.Speed(), MaxSpeed)
	}
	for range 80 {
		p.Slower()
	}
	if p.Speed() != MinSpeed {
		t.Errorf("speed %v, want the minimum %v", p.Speed(), MinSpeed)
	}

	blocked := make(chan bool)
	go func() { blocked <- p.Publish(&Frame{T: 1e6}) }()
	p.Close()
	if <-blocked {
		t.Error("a publisher waiting when the window closed was told to go on")
	}
	if p.Publish(&Frame{T: 0}) || !p.Closed() {
		t.Error("Publish after Close must return false")
	}
	if p.Finished() {
		t.Error("finished before Finish")
	}
	p.Finish()
	if !p.Finished() {
		t.Error("not finished after Finish")
	}
}

// waitingPublishers returns how many Publish calls wait for the clock.
func (p *Player) waitingPublishers() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.waiting
}
