package mavlink_test

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/tigris-uav/tigris/mavlink"
)

func ExampleParseEndpoint() {
	for _, url := range []string{"udp://127.0.0.1:14540", "udpin://:14550", "serial:///dev/ttyACM0:921600"} {
		ep, err := mavlink.ParseEndpoint(url)
		fmt.Printf("%T %v\n", ep, err)
	}
	// Output:
	// gomavlib.EndpointUDPClient <nil>
	// gomavlib.EndpointUDPServer <nil>
	// gomavlib.EndpointSerial <nil>
}

// A mission without a geodetic origin is anchored at the autopilot's home,
// which becomes the mission's start; a setpoint 100 m east and 50 m north of
// the start is then a latitude and longitude north-east of home, and in
// MAVLink's North-East-Down order.
func ExampleAnchorAt() {
	f := mavlink.AnchorAt(47.397742, 8.545594, r3.Vec{X: 20, Y: 20})
	lat, lon, rel := f.ToGlobal(r3.Vec{X: 120, Y: 70, Z: 30})
	fmt.Printf("%.6f %.6f %.0f m above home\n", lat, lon, rel)
	fmt.Println(mavlink.ENUToNED(r3.Vec{X: 100, Y: 50, Z: 30}))
	fmt.Printf("heading east = yaw %.0f°\n", mavlink.HeadingToYaw(0)*180/math.Pi)
	// Output:
	// 47.398192 8.546919 30 m above home
	// {50 100 -30}
	// heading east = yaw 90°
}

func ExampleParseDetection() {
	d, err := mavlink.ParseDetection([]byte(`{"lat": 47.3981, "lon": 8.5462}`))
	fmt.Printf("%+v %v\n", d, err)
	// Output:
	// {X:0 Y:0 Lat:47.3981 Lon:8.5462 Geo:true} <nil>
}
