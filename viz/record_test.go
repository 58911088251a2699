package viz

import (
	"bytes"
	"errors"
	"image/gif"
	"image/png"
	"testing"

	"gonum.org/v1/gonum/spatial/r2"
)

func TestRecorderDecimatesLongMissions(t *testing.T) {
	r := NewRecorder(80, 60, true)
	r.Interval, r.MaxFrames = 1, 8
	f := testFrame()
	for i := range 101 {
		g := *f
		g.T = float64(i)
		r.Add(&g)
	}
	if len(r.frames) > r.MaxFrames {
		t.Errorf("%d frames kept, more than MaxFrames = %d", len(r.frames), r.MaxFrames)
	}
	if r.Interval <= 1 {
		t.Errorf("interval %v: it should have doubled", r.Interval)
	}
	for i := 1; i < len(r.times); i++ {
		if d := r.times[i] - r.times[i-1]; d < r.Interval/2 {
			t.Errorf("frames at %v and %v are closer than half the interval %v", r.times[i-1], r.times[i], r.Interval)
		}
	}
	var buf bytes.Buffer
	if err := r.WriteGIF(&buf); err != nil {
		t.Fatal(err)
	}
	anim, err := gif.DecodeAll(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(anim.Image); n < 2 || n > r.MaxFrames+1 {
		t.Errorf("GIF has %d frames", n)
	}
	if last := anim.Delay[len(anim.Delay)-1]; last < 100 {
		t.Errorf("the final frame shows %d/100 s, want it held", last)
	}
	buf.Reset()
	if err := r.WritePNG(&buf); err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(&buf); err != nil {
		t.Fatal(err)
	}
}

func TestRecorderGIFMatchesRender(t *testing.T) {
	// The palette holds the scene's colours: the quantised picture keeps
	// the vehicle's colour at the vehicle.
	f := testFrame()
	r := NewRecorder(testW, testH, true)
	r.Add(f)
	var buf bytes.Buffer
	if err := r.WriteGIF(&buf); err != nil {
		t.Fatal(err)
	}
	anim, err := gif.DecodeAll(&buf)
	if err != nil {
		t.Fatal(err)
	}
	img := anim.Image[len(anim.Image)-1]
	c := r.view.ToScreen(r2.Vec{X: f.Vehicle.X, Y: f.Vehicle.Y})
	got := rgba8(t, img.At(int(c.X), testH-1-int(c.Y)))
	if want := rgba8(t, r.Scene().Palette.Vehicle); !near(got, want, 2) {
		t.Errorf("GIF pixel at the vehicle %v, want %v", got, want)
	}
}

func TestRecorderErrors(t *testing.T) {
	var buf bytes.Buffer
	r := NewRecorder(10, 10, false)
	if err := r.WritePNG(&buf); !errors.Is(err, errNoFrames) {
		t.Errorf("PNG of nothing: %v", err)
	}
	r.Add(testFrame())
	if err := r.WriteGIF(&buf); err == nil {
		t.Error("a GIF from a recorder without animation")
	}
	if err := WritePNG(&buf, testFrame(), 0, 10); err == nil {
		t.Error("a 0×10 PNG")
	}
}
