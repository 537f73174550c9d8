"""The narrative of a synthetic report: invented wording, numbers taken from the data."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .model import ReportData

# --------------------------------------------------------------------------------------------
# Narrative (invented wording; numbers taken from the data)
# --------------------------------------------------------------------------------------------


def _self_ref(agency: str) -> str:
    for suffix, ref in (
        ("镇人民政府", "我镇"),
        ("乡人民政府", "我乡"),
        ("街道办事处", "本街道"),
        ("县人民政府", "我县"),
        ("区人民政府", "我区"),
        ("市人民政府", "我市"),
        ("分局", "我分局"),
        ("局", "我局"),
        ("委员会", "我委"),
        ("办公室", "我办"),
    ):
        if agency.endswith(suffix):
            return ref
    return "我单位"


def _place_prefix(agency: str) -> str:
    """The leading 县/区/市 name of an agency ("云溪县", "安平市"), or the agency itself."""
    m = re.match(r"^(.{2,4}?[县区市])", agency)
    return m.group(1) if m else agency


class _Narrative:
    def __init__(self, data: ReportData, rng: np.random.Generator) -> None:
        self.d = data
        self.rng = rng
        self.me = _self_ref(data.agency)
        self.place = _place_prefix(data.agency)

    def one(self, options: Sequence[str]) -> str:
        return options[int(self.rng.integers(len(options)))]

    def period(self) -> str:
        y = self.d.year
        return f"{y}年1月1日至{y}年12月31日"

    def preamble(self) -> list[str]:
        y, p = self.d.year, self.period()
        phone = f"0{int(self.rng.integers(310, 999))}-{int(self.rng.integers(2000000, 8999999))}"
        superior = "上级政务公开主管部门" if self.place == self.d.agency else f"{self.place}政务公开办公室"
        office = self.d.agency + ("政务公开科" if self.d.agency.endswith("办公室") else "办公室")
        return [
            self.one(
                [
                    (
                        f"本报告依照《中华人民共和国政府信息公开条例》和政府信息公开工作年度报告格式的要求编写，"
                        f"分为总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和"
                        f"行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六个部分。本报告所列数据的统计期限为{p}。"
                    ),
                    (
                        f"按照{superior}关于做好年度报告编制工作的部署，{self.d.agency}编制了本报告。"
                        f"本报告中所列数据统计期限为{p}。如对本报告有疑问，请与{office}联系"
                        f"（联系电话：{phone}）。"
                    ),
                    f"现将{self.me}{y}年度政府信息公开工作情况报告如下。报告所使用数据的统计期限为{p}。",
                    (
                        f"依据《中华人民共和国政府信息公开条例》第五十条的规定，{self.me}对{y}年政府信息公开工作"
                        f"进行了梳理总结，形成本报告。本报告所列数据统计期限为{p}，电子版可在门户网站“政府信息公开”"
                        f"专栏查阅。"
                    ),
                ]
            )
        ]

    def overview(self) -> list[str]:
        d, me, y = self.d, self.me, self.d.year
        t2, t3, t4 = d.table2, d.table3, d.table4
        out = [
            self.one(
                [
                    (
                        f"{y}年，{me}坚持以公开为常态、不公开为例外，围绕中心工作持续完善政务公开工作机制，"
                        f"推动公开工作规范化、标准化，切实保障群众的知情权、参与权、表达权和监督权。"
                    ),
                    (
                        f"{y}年，{me}在上级部门的指导下，认真贯彻落实政府信息公开条例，把政务公开作为转变作风、"
                        f"服务群众的重要抓手，扎实推进各项公开任务落地见效。"
                    ),
                    (
                        f"{y}年，{me}对照年度政务公开工作要点，在公开内容、公开渠道和公开质量上持续用力，"
                        f"政府信息公开工作总体平稳有序。"
                    ),
                ]
            )
        ]
        extra = ""
        nd = t2.get("normative_documents", {})
        issued = nd.get("issued") if d.template == "2021" else nd.get("made")
        if issued and self.rng.random() < 0.6:
            word = "行政规范性文件" if d.template == "2021" else "规范性文件"
            extra = f"本年制发{word}{int(issued)}件，均按要求向社会公开。"
        out.append(
            self.one(
                [
                    (
                        f"（一）主动公开。坚持应公开尽公开，全年主动公开政府信息{d.info_items}条，重点做好财政"
                        f"预决算、重大建设项目、民生保障和安全生产等领域信息的发布工作。{extra}"
                    ),
                    (
                        f"（一）主动公开情况。依托门户网站、政务新媒体和村（社区）公开栏及时发布各类信息，"
                        f"全年共主动公开政府信息{d.info_items}条。{extra}"
                    ),
                    (
                        f"（一）主动公开方面。围绕群众关注的热点事项细化公开目录，主动公开政府信息{d.info_items}条，"
                        f"做到依法、及时、准确公开。{extra}"
                    ),
                ]
            )
        )
        new, co = t3["new"][6], t3["carried_over"][6]
        tp, cf = t3["total_processed"][6], t3["carried_forward"][6]
        if new is not None:
            tail = ""
            if co is not None and tp is not None and cf is not None:
                tail = self.one(
                    [
                        f"加上年结转{co}件，本年办结{tp}件，结转下年度继续办理{cf}件",
                        f"办结{tp}件，结转下年度{cf}件",
                        "",
                    ]
                )
            got = f"全年共收到政府信息公开申请{new}件"
            apply = self.one(
                [
                    f"（二）依申请公开。严格执行申请受理、审查、答复等程序，{got}",
                    f"（二）依申请公开情况。进一步规范依申请公开办理流程，加强与申请人的沟通，{got}",
                ]
            ) + (f"，{tail}。" if tail else "。")
        else:
            apply = "（二）依申请公开。畅通申请渠道，规范办理流程，确保在法定期限内答复。"
        rec = t4["reconsideration"][4]
        lit1, lit2 = t4["litigation_direct"][4], t4["litigation_after_reconsideration"][4]
        if rec is not None and lit1 is not None and lit2 is not None and self.rng.random() < 0.7:
            if rec == 0 and lit1 == 0 and lit2 == 0:
                apply += "本年度未发生因政府信息公开引起的行政复议、行政诉讼。"
            else:
                apply += f"全年涉及政府信息公开的行政复议{rec}件、行政诉讼{lit1 + lit2}件。"
        out.append(apply)
        out.append(
            self.one(
                [
                    (
                        "（三）政府信息管理。落实公开前保密审查制度，坚持先审查、后公开，动态调整主动公开基本目录，"
                        "及时清理过时失效信息。"
                    ),
                    (
                        "（三）政府信息管理方面。建立信息发布登记台账，实行拟稿、审核、签发三级把关，"
                        "防止出现错误信息和泄密问题。"
                    ),
                ]
            )
        )
        out.append(
            self.one(
                [
                    (
                        "（四）平台建设。加强政府网站信息公开专栏的日常维护，优化栏目设置，提升检索和"
                        "互动功能，政务新媒体与网站协同发布。"
                    ),
                    (
                        "（四）政府信息公开平台建设。持续做好门户网站、政务公开栏和便民服务窗口建设，"
                        "为群众查阅信息提供便利。"
                    ),
                ]
            )
        )
        out.append(
            self.one(
                [
                    (
                        "（五）监督保障。明确分管领导和专职工作人员，把政务公开纳入年度目标考核，"
                        "开展业务培训，确保各项工作落到实处。"
                    ),
                    "（五）监督保障方面。定期开展自查，对发现的问题及时整改，并主动接受社会监督。",
                ]
            )
        )
        return out

    def problems(self) -> list[str]:
        y = self.d.year
        return [
            self.one(
                [
                    (
                        f"{y}年政府信息公开工作虽取得一定成效，但仍存在公开内容不够全面、政策解读形式较为单一、"
                        f"工作人员业务水平有待提高等问题。下一步，{self.me}将进一步拓展公开深度和广度，丰富解读形式，"
                        f"加强业务培训，推动政务公开工作再上新台阶。"
                    ),
                    (
                        "一是部分信息更新不够及时；二是依申请公开答复的规范性仍需加强。改进措施：健全信息发布"
                        "工作机制，加强对依申请公开答复文书的审核，定期组织学习培训。"
                    ),
                    (
                        f"存在的问题主要是主动公开的时效性有待提升，公开平台的互动功能利用不够充分。{y + 1}年，"
                        f"{self.me}将围绕群众关切加强公开，完善平台功能，持续提升政务公开质量。"
                    ),
                ]
            )
        ]

    def other(self) -> list[str]:
        out: list[str] = []
        if self.d.template == "2021":
            fee = self.d.fee_yuan
            if fee:
                amount = f"{int(fee)}" if float(fee).is_integer() else f"{fee:.2f}"
                out.append(f"依据《政府信息公开信息处理费管理办法》，本年度共收取信息处理费{amount}元。")
            else:
                out.append(
                    self.one(
                        [
                            "本年度未收取信息处理费。",
                            f"{self.d.year}年，{self.me}未收取政府信息公开信息处理费。",
                            "依据《政府信息公开信息处理费管理办法》，本年度未产生信息处理费。",
                        ]
                    )
                )
        if self.rng.random() < 0.3:
            a, b = int(self.rng.integers(0, 30)), int(self.rng.integers(0, 30))
            out.append(f"本年度共办理人大代表建议{a}件、政协委员提案{b}件，均已按期办结。")
        if not out or self.rng.random() < 0.4:
            out.append("无其他需要报告的事项。")
        return out

    def signature(self) -> list[str]:
        if self.rng.random() < 0.5:
            return []
        pub = self.d.published or f"{self.d.year + 1}-01-20"
        y, m, dd = (int(x) for x in pub.split("-"))
        return [self.d.agency, f"{y}年{m}月{dd}日"]
