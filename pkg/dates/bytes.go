package dates

import (
	"time"
	"unsafe"
)

// ParseBytes is Parse for a value held in a byte slice. It does not copy
// the value: Parse keeps no reference to it once it returns (warnings and
// errors copy what they quote), so b may be reused afterwards.
func (p *Parser) ParseBytes(b []byte) (time.Time, bool) {
	if len(b) == 0 {
		return time.Time{}, false
	}
	return p.Parse(unsafe.String(unsafe.SliceData(b), len(b)))
}
