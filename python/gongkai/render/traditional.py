"""Simplified to traditional characters (繁體), for reports as converted flipbooks give them.

A character mapping covering every character the renderer writes (the template's labels, the
narrative, the invented places and agencies, the page chrome), taken once from OpenCC's
``s2t`` conversion (opencc-python-reimplemented, each character on its own), with a few
phrases where the character alone converts differently (复议 → 複議, 答复 → 答覆, 关系 →
關係). The renderer needs no converter at run time; characters outside the mapping stay as
they are. Rebuild the mapping when the renderer learns new words.
"""

from __future__ import annotations

_SIMPLIFIED = (
    "万与专业东严个丰临为举乐习乡书于云产众优会体关兴内写军农决况准减凤划办务动区医华协单卫县参发变台号后员围国场坚坝处备复够学宁实审对导将尽属岗峰并广庄庆应废开强当录彻态总户托执护报拟"
    "据数无时晋术机权条来构枣标栏桥检欢汉沟没浏游湾点热环现电畅疗监码确碍秘称稳签简类粤纠约级纳组细织经结绕统继续维综编缴网罚群职联苏范获营虽补见规览计认训议记许讼设访识诉话询误请读调财"
    "账质购贯贵费资赣转软较输达过运这进采铺错镇长门闭问间闽阅阳阶陕页项预领题额风鲁龙"
)
_TRADITIONAL = (
    "萬與專業東嚴個豐臨爲舉樂習鄉書於雲產衆優會體關興內寫軍農決況準減鳳劃辦務動區醫華協單衛縣參發變臺號後員圍國場堅壩處備復夠學寧實審對導將盡屬崗峯並廣莊慶應廢開強當錄徹態總戶託執護報擬"
    "據數無時晉術機權條來構棗標欄橋檢歡漢溝沒瀏遊灣點熱環現電暢療監碼確礙祕稱穩簽簡類粵糾約級納組細織經結繞統繼續維綜編繳網罰羣職聯蘇範獲營雖補見規覽計認訓議記許訟設訪識訴話詢誤請讀調財"
    "賬質購貫貴費資贛轉軟較輸達過運這進採鋪錯鎮長門閉問間閩閱陽階陝頁項預領題額風魯龍"
)
_CHARS = str.maketrans(_SIMPLIFIED, _TRADITIONAL)

PHRASES: dict[str, str] = {
    "复议": "複議",
    "重复": "重複",
    "答复": "答覆",
    "反复": "反覆",
    "制作": "製作",
    "关系": "關係",
    "联系": "聯繫",
}
"""Words converted as a whole before the characters."""


def to_traditional(text: str) -> str:
    """``text`` in traditional characters: the words of :data:`PHRASES`, then every character
    of the mapping; everything else (digits, punctuation, markup) unchanged."""
    for simplified, traditional in PHRASES.items():
        text = text.replace(simplified, traditional)
    return text.translate(_CHARS)
