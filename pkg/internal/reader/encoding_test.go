package reader

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"

	"github.com/npskit/nps/pkg/survey"
)

// Exports as Excel writes them in each region: the header names the
// score column in the local language, and detection must read it back.
var legacyExports = []struct {
	enc    encoding.Encoding
	want   string // the encoding detection names
	header string // the score column
	text   string
}{
	{korean.EUCKR, "euc-kr", "추천 의향",
		"응답일시,추천 의향,의견\n2021-04-01 10:00,9,서비스가 매우 좋았습니다\n2021-04-02 11:00,3,배송이 너무 늦었어요 정말 실망했습니다\n2021-04-03 12:00,7,보통입니다\n"},
	{japanese.ShiftJIS, "shift_jis", "おすすめ度",
		"回答日時,おすすめ度,コメント\n2021/04/01,9,とても良いサービスでした\n2021/04/02,3,配送が遅すぎました。残念です\n2021/04/03,8,普通です\n"},
	{simplifiedchinese.GBK, "gb18030", "推荐程度",
		"提交时间,推荐程度,意见\n2021-04-01,9,服务非常好，我会推荐给朋友\n2021-04-02,3,送货太慢了，非常失望\n2021-04-03,8,一般\n"},
	{traditionalchinese.Big5, "big5", "推薦程度",
		"提交時間,推薦程度,意見\n2021-04-01,9,服務非常好，我會推薦給朋友\n2021-04-02,3,送貨太慢了，非常失望\n2021-04-03,8,一般\n"},
	{charmap.Windows1251, "windows-1251", "Порекомендуете ли вы нас",
		"Дата,Порекомендуете ли вы нас,Комментарий\n01.04.2021,9,Очень хороший сервис - всё понравилось\n02.04.2021,3,Доставка слишком медленная - очень разочарован\n03.04.2021,8,Нормально\n"},
	{charmap.KOI8R, "koi8-r", "Порекомендуете ли вы нас",
		"Дата,Порекомендуете ли вы нас,Комментарий\n01.04.2021,9,Очень хороший сервис - всё понравилось\n02.04.2021,3,Доставка слишком медленная - очень разочарован\n03.04.2021,8,Нормально\n"},
	{charmap.Windows1250, "windows-1250", "Czy polecisz nas znajomym",
		"Data,Czy polecisz nas znajomym,Komentarz\n01.04.2021,9,Bardzo dobra obsługa - wszystko się podobało\n02.04.2021,3,Dostawa była zbyt wolna - jestem rozczarowany\n03.04.2021,8,Przeciętnie żółć\n"},
	{charmap.Windows1254, "windows-1254", "Bizi tavsiye eder misiniz",
		"Tarih,Bizi tavsiye eder misiniz,Yorum\n01.04.2021,9,Çok iyi hizmet - her şey güzeldi\n02.04.2021,3,Teslimat çok yavaştı - hayal kırıklığına uğradım\n03.04.2021,8,Ortalama\n"},
	{charmap.Windows1252, "windows-1252", "Recommanderiez-vous",
		"Date,Recommanderiez-vous,Commentaire\n01/04/2021,9,Très bon service - très agréable\n02/04/2021,3,Livraison trop lente - déçu\n03/04/2021,8,Moyen - à améliorer\n"},
}

func TestDetectLegacyEncodings(t *testing.T) {
	for _, tt := range legacyExports {
		t.Run(tt.want, func(t *testing.T) {
			b, err := tt.enc.NewEncoder().Bytes([]byte(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			p := writeFile(t, t.TempDir(), "x.csv", b)
			r, rows, err := readAll([]string{p}, nil, survey.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Inputs()[0].Encoding; got != tt.want {
				t.Errorf("encoding %q, want %q", got, tt.want)
			}
			if sc := r.Roles().Score; sc < 0 || r.Columns()[sc] != tt.header {
				t.Errorf("score column %d of %q, want %q", sc, r.Columns(), tt.header)
			}
			if len(rows) != 3 || rows[0].score != 9 || rows[1].score != 3 {
				t.Errorf("rows %v", rows)
			}
			if w := r.Warnings(); len(w) != 1 || !strings.HasSuffix(w[0], "x.csv: not valid UTF-8; read as "+encodingTitle(tt.want)+", judged from its bytes (set --encoding if it is something else)") {
				t.Errorf("warnings %q", w)
			}
		})
	}
}

func TestEncodingNames(t *testing.T) {
	for name, want := range map[string]string{
		"cp949": "euc-kr", "CP949": "euc-kr", "euc-kr": "euc-kr", "ks_c_5601-1987": "euc-kr",
		"shift_jis": "shift_jis", "Shift-JIS": "shift_jis", "sjis": "shift_jis", "cp932": "shift_jis",
		"gbk": "gbk", "gb2312": "gbk", "gb18030": "gb18030", "cp936": "gbk", "big5": "big5", "cp950": "big5",
		"windows-1251": "windows-1251", "cp1251": "windows-1251", "koi8-r": "koi8-r",
		"windows-1250": "windows-1250", "windows-1254": "windows-1254", "iso-8859-2": "iso-8859-2",
		"ibm866": "ibm866", "macintosh": "macintosh", "euc-jp": "euc-jp",
		"latin1": "windows-1252", "utf8": "utf-8",
	} {
		got, err := detectEncoding(name, nil)
		if err != nil || got != want {
			t.Errorf("detectEncoding(%q) = %q, %v; want %q", name, got, err, want)
		}
	}
	if _, err := detectEncoding("klingon", nil); err == nil {
		t.Error("an unknown name is accepted")
	}
}

// An explicit --encoding decodes the whole input, JSON too.
func TestExplicitLegacyEncoding(t *testing.T) {
	b, _ := korean.EUCKR.NewEncoder().Bytes([]byte(`[{"추천": 9, "의견": "좋아요"}]`))
	p := writeFile(t, t.TempDir(), "k.json", b)
	r, rows, err := readAll([]string{p}, nil, survey.Options{Encoding: "cp949", ScoreCol: "추천"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].score != 9 || r.Inputs()[0].Encoding != "euc-kr" {
		t.Errorf("rows %v, encoding %q", rows, r.Inputs()[0].Encoding)
	}
}
