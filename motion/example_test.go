package motion_test

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/tigris-uav/tigris/geom"
	"github.com/tigris-uav/tigris/motion"
)

func at(x, y, z, headingDeg float64) motion.Pose {
	return motion.Pose{Vec: r3.Vec{X: x, Y: y, Z: z}, Heading: headingDeg * math.Pi / 180}
}

func ExampleDubins_Steer() {
	m := motion.Dubins{Radius: 100, Airspeed: 25}
	var p motion.Path // reuse one Path across calls: Steer does not allocate then
	if err := m.Steer(&p, at(0, 0, 50, 0), at(300, 100, 50, 90), 40); err != nil {
		panic(err)
	}
	for i, s := range p.States {
		fmt.Printf("%5.1f m %4.1f s  (%6.1f, %6.1f) %5.1f°\n", p.Dist[i], p.Time[i], s.X, s.Y, s.Heading*180/math.Pi)
	}
	st := p.Straights[0]
	fmt.Printf("straight from (%.0f, %.0f) to (%.0f, %.0f)\n", st.Start.X, st.Start.Y, st.End.X, st.End.Y)
	// Output:
	//   0.0 m  0.0 s  (   0.0,    0.0)   0.0°
	//  40.0 m  1.6 s  (  40.0,    0.0)   0.0°
	//  80.0 m  3.2 s  (  80.0,    0.0)   0.0°
	// 120.0 m  4.8 s  ( 120.0,    0.0)   0.0°
	// 160.0 m  6.4 s  ( 160.0,    0.0)   0.0°
	// 200.0 m  8.0 s  ( 200.0,    0.0)   0.0°
	// 240.0 m  9.6 s  ( 238.9,    7.9)  22.9°
	// 280.0 m 11.2 s  ( 271.7,   30.3)  45.8°
	// 320.0 m 12.8 s  ( 293.2,   63.8)  68.8°
	// 357.1 m 14.3 s  ( 300.0,  100.0)  90.0°
	// straight from (0, 0) to (200, 0)
}

func ExampleTrochoid_Steer() {
	// The same straight in a 5 m/s tailwind and headwind.
	for _, wind := range []motion.Wind{{X: 5}, {X: -5}} {
		m := motion.Trochoid{Radius: 100, Airspeed: 25, Wind: wind}
		var p motion.Path
		if err := m.Steer(&p, at(0, 0, 50, 0), at(1000, 0, 50, 0), 40); err != nil {
			panic(err)
		}
		fmt.Printf("wind %+.0f m/s: %.0f m over the ground in %.2f s\n", wind.X, p.Length(), p.Duration())
	}
	// Output:
	// wind +5 m/s: 1000 m over the ground in 33.33 s
	// wind -5 m/s: 1000 m over the ground in 50.00 s
}

func ExampleMultirotor_Steer() {
	m := motion.Multirotor{Airspeed: 5, YawRate: math.Pi / 2} // 90°/s
	var p motion.Path
	if err := m.Steer(&p, at(0, 0, 30, 90), at(100, 0, 30, 90), 40); err != nil {
		panic(err)
	}
	for i, s := range p.States {
		fmt.Printf("%5.1f m %4.1f s  (%5.1f, %3.1f) %4.1f°\n", p.Dist[i], p.Time[i], s.X, s.Y, s.Heading*180/math.Pi)
	}
	// Output:
	//   0.0 m  0.0 s  (  0.0, 0.0) 90.0°
	//   0.0 m  1.0 s  (  0.0, 0.0)  0.0°
	//  40.0 m  9.0 s  ( 40.0, 0.0)  0.0°
	//  80.0 m 17.0 s  ( 80.0, 0.0)  0.0°
	// 100.0 m 21.0 s  (100.0, 0.0)  0.0°
	// 100.0 m 22.0 s  (100.0, 0.0) 90.0°
}

func ExampleNewModel() {
	m, err := motion.NewModel(motion.Config{Kind: "multirotor", YawRate: 45})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%T at %v m/s\n", m, m.Speed())
	_, err = motion.NewModel(motion.Config{Wind: motion.Wind{X: 30}})
	fmt.Println(err)
	// Output:
	// motion.Multirotor at 5 m/s
	// vehicle.wind: wind speed 30 m/s must be below vehicle.speed 25 m/s: wind at or above airspeed
}

func ExampleValidator_FirstInvalid() {
	// A 10 m keep-out between the 40 m states of a straight: the states
	// themselves are clear, the flight between them is not.
	v, err := motion.NewValidator([]motion.KeepOut{{Circle: &motion.CircleZone{Center: geom.Point{X: 60, Y: 5}, Radius: 10}}}, nil, false)
	if err != nil {
		panic(err)
	}
	var p motion.Path
	if err := (motion.Dubins{Radius: 100, Airspeed: 25}).Steer(&p, at(0, 0, 50, 0), at(200, 0, 50, 0), 40); err != nil {
		panic(err)
	}
	i := v.FirstInvalid(&p)
	fmt.Println(v.StateValid(p.States[1]), v.StateValid(p.States[2]), i)
	p.Truncate(i) // keep what can be flown
	fmt.Println(len(p.States), p.Length())
	// Output:
	// true true 2
	// 2 40
}

func ExamplePath_Truncate() {
	var p motion.Path
	if err := (motion.Dubins{Radius: 100, Airspeed: 25}).Steer(&p, at(0, 0, 50, 0), at(300, 100, 50, 90), 40); err != nil {
		panic(err)
	}
	p.Truncate(3) // the budget ends in the middle of the straight
	st := p.Straights[0]
	fmt.Printf("%d states, straight %.0f–%.0f m ending at (%.0f, %.0f)\n", len(p.States), st.From, st.To, st.End.X, st.End.Y)
	// Output:
	// 3 states, straight 0–80 m ending at (80, 0)
}
