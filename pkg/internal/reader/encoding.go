package reader

// Text encodings beyond UTF-8 and UTF-16: --encoding accepts any name the
// IANA registry or the WHATWG Encoding Standard gives an encoding that
// golang.org/x/text implements (plus the Windows "cpNNN" spellings), and
// text that is not UTF-8 is identified from its byte statistics.

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wlynxg/chardet"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
)

// codePageAliases are the Windows and IBM spellings of encodings that
// neither index knows by that name.
var codePageAliases = map[string]string{
	"cp949": "euc-kr", "ms949": "euc-kr", "uhc": "euc-kr", "windows-949": "euc-kr",
	"cp932": "shift_jis", "ms932": "shift_jis", "sjis": "shift_jis", "windows-31j": "shift_jis",
	"cp936": "gbk", "ms936": "gbk", "windows-936": "gbk",
	"cp950": "big5", "ms950": "big5", "windows-950": "big5",
}

// legacyEncoding looks an encoding up by name: the WHATWG label (whose
// names are the ones browsers and Excel users see), else the IANA name,
// else a Windows code page spelling. It returns the encoding and the name
// to show (lower case), or nil.
func legacyEncoding(name string) (encoding.Encoding, string) {
	n := strings.ToLower(strings.TrimSpace(name))
	if a, ok := codePageAliases[n]; ok {
		n = a
	}
	if strings.HasPrefix(n, "cp") && len(n) == 6 && strings.HasPrefix(n[2:], "125") {
		n = "windows-" + n[2:] // cp1251
	}
	if e, err := htmlindex.Get(n); err == nil {
		if canon, err := htmlindex.Name(e); err == nil {
			return e, canon
		}
	}
	if e, err := ianaindex.IANA.Encoding(n); err == nil && e != nil {
		canon, err := ianaindex.IANA.Name(e)
		if err != nil {
			canon = n
		}
		return e, strings.ToLower(canon)
	}
	return nil, ""
}

// guessEncoding names the encoding of text p that is mostly not UTF-8.
//
// Method: the universal detector (github.com/wlynxg/chardet, a port of
// Mozilla's and Python's chardet) weighs the byte sequences of the
// multi-byte encodings (Shift_JIS, EUC-JP, GB2312/GBK, Big5, EUC-KR) and
// the letter-pair frequencies of the Cyrillic, Greek, Hebrew and Thai code
// pages. It has no model of the Central European and Turkish code pages,
// and for text with few bytes beyond ASCII it answers Latin-1; those
// answers are refined by latinPage. The multi-byte answers are read with
// their supersets as Excel writes them: GB2312 as GB18030, EUC-KR as CP949
// (golang.org/x/text's EUC-KR decoder is CP949's).
func guessEncoding(p []byte) string {
	r := chardet.Detect(p)
	name := strings.ToLower(r.Encoding)
	switch {
	case r.Confidence < 0.5:
		return latinPage(p)
	case name == "gb2312", name == "gbk", name == "gb18030":
		return "gb18030"
	}
	if e, canon := legacyEncoding(name); e != nil {
		switch canon {
		case "utf-8", "utf-16le", "utf-16be", "iso-8859-2", "iso-8859-9",
			"windows-1250", "windows-1252", "windows-1254", "iso-8859-15", "x-user-defined", "replacement":
			return latinPage(p)
		}
		return canon
	}
	return latinPage(p)
}

// latinPage chooses among the Latin code pages Excel writes (Windows-1252
// for Western Europe and the Americas, Windows-1250 Central Europe,
// Windows-1254 Turkey) by what each makes of the bytes beyond ASCII that
// stand next to letters: a page scores a point for each one it reads as a
// letter and loses one for each it reads as a symbol ("³" in "by³o" is
// "ł" in Windows-1250). The bytes of Ğ Ş ğ ş in Windows-1254 (Ð Þ ð þ in
// 1252, Đ Ţ đ ţ in 1250) count three more points for Turkish: Icelandic,
// Croatian and Romanian text uses them far less often than Turkish text
// does. Valid UTF-8 sequences are left out (csvRows keeps such fields as
// UTF-8). Ties go to Windows-1252.
func latinPage(p []byte) string {
	best, bestScore := "windows-1252", latinScore(p, charmap.Windows1252, false)
	for _, c := range []struct {
		name    string
		cm      *charmap.Charmap
		turkish bool
	}{{"windows-1250", charmap.Windows1250, false}, {"windows-1254", charmap.Windows1254, true}} {
		if s := latinScore(p, c.cm, c.turkish); s > bestScore {
			best, bestScore = c.name, s
		}
	}
	return best
}

func latinScore(p []byte, cm *charmap.Charmap, turkish bool) int {
	letterish := func(i int) bool {
		if i < 0 || i >= len(p) {
			return false
		}
		c := p[i]
		return c >= 0x80 || c|0x20 >= 'a' && c|0x20 <= 'z'
	}
	score := 0
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c < 0x80 {
			continue
		}
		if r, n := utf8.DecodeRune(p[i:]); r != utf8.RuneError || n > 1 {
			i += n - 1 // a UTF-8 character (a field written in UTF-8): no clue to the page
			continue
		}
		if !letterish(i-1) && !letterish(i+1) {
			continue
		}
		switch r := cm.DecodeByte(c); {
		case unicode.IsLetter(r):
			score++
			if turkish {
				switch c {
				case 0xD0, 0xDE, 0xF0, 0xFE:
					score += 3
				}
			}
		default:
			score--
		}
	}
	return score
}

// encodingTitles are how warnings name the encodings detection chooses.
var encodingTitles = map[string]string{
	"windows-1252": "Windows-1252 (Western European)",
	"windows-1250": "Windows-1250 (Central European)",
	"windows-1254": "Windows-1254 (Turkish)",
	"windows-1251": "Windows-1251 (Cyrillic)",
	"koi8-r":       "KOI8-R (Russian)",
	"ibm866":       "IBM866 (Cyrillic DOS)",
	"euc-kr":       "EUC-KR/CP949 (Korean)",
	"shift_jis":    "Shift_JIS (Japanese)",
	"euc-jp":       "EUC-JP (Japanese)",
	"iso-2022-jp":  "ISO-2022-JP (Japanese)",
	"gb18030":      "GB18030 (Chinese, GBK)",
	"big5":         "Big5 (traditional Chinese)",
}

// encodingTitle is the name of encoding enc for a warning.
func encodingTitle(enc string) string {
	if t, ok := encodingTitles[enc]; ok {
		return t
	}
	return strings.ToUpper(enc)
}
