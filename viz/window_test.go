//go:build gui

package viz

import (
	"errors"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/gopxl/pixel/v2/backends/opengl"
)

// displayErr is why there is no display, nil when there is one.
var displayErr error

// TestMain runs the tests on the main thread inside opengl.Run when there
// is a display, as OpenGL requires.
func TestMain(m *testing.M) {
	code := 0
	if displayErr = DisplayAvailable(); displayErr == nil {
		opengl.Run(func() { code = m.Run() })
	} else {
		code = m.Run()
	}
	os.Exit(code)
}

// TestWindowMatchesHeadless draws the test scene in a real window for a few
// frames, reads the framebuffer back and compares it with the headless
// render of the same frame: at most 1 % of the pixels may differ by more
// than 10 % in a channel (anti-aliased edges are expected to). With
// VIZ_SHOT_DIR set, both pictures are saved there.
func TestWindowMatchesHeadless(t *testing.T) {
	if displayErr != nil {
		t.Fatalf("the gui tests need a display (run them under xvfb-run): %v", displayErr)
	}
	const w, h = 600, 480
	f := testFrame()
	got, err := captureWindow(f, w, h, 5)
	if err != nil {
		t.Fatal(err)
	}
	r := NewRenderer(w, h)
	want := r.Render(f, r.Fit(f))
	if dir := os.Getenv("VIZ_SHOT_DIR"); dir != "" {
		savePNG(t, filepath.Join(dir, "window.png"), got)
		savePNG(t, filepath.Join(dir, "headless.png"), want)
	}
	n := differing(got, want, 26)
	t.Logf("%d of %d pixels differ (%.2f %%)", n, w*h, 100*float64(n)/(w*h))
	if n > w*h/100 {
		t.Errorf("%d of %d pixels differ between the window and the headless render, more than 1 %%", n, w*h)
	}
}

func TestRunWindowWithoutDisplay(t *testing.T) {
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	p := NewPlayer(1)
	if err := RunWindow(WindowConfig{}, p); !errors.Is(err, ErrNoDisplay) {
		t.Fatalf("RunWindow without a display: got %v, want an ErrNoDisplay", err)
	}
	if !p.Closed() {
		t.Error("RunWindow left the player open: the publisher would block for ever")
	}
}

// differing counts the pixels whose colours differ by more than tol in some
// channel.
func differing(a, b *image.RGBA, tol int) int {
	n := 0
	for i := 0; i+3 < len(a.Pix) && i+3 < len(b.Pix); i += 4 {
		for c := range 3 {
			if d := int(a.Pix[i+c]) - int(b.Pix[i+c]); d > tol || d < -tol {
				n++
				break
			}
		}
	}
	return n
}

func savePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}
