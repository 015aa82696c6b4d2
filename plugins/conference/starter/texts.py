"""The starter texts of a new conference, per language; each says it is to be edited.

Written for the languages the theme has catalogs for (zh-Hans, en, fr). Another language
gets the English texts, marked as still to be translated: the site builds (its UI strings
show in English until its catalog exists) and the organizers translate them.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "description": "{name} is a yearly gathering. (Edit this description in "
        "content/conference.yaml.)",
        "edit": "*This page was written by `invoke new-conference` as a starting point: "
        "edit it in `{path}`.*",
        "about_title": "About {name}",
        "about": "{name} brings people together once a year to talk, listen and meet. This "
        "site holds the programme, the speakers and the participants' posts of each "
        "edition.\n\n## Taking part and privacy\n\nPeople appear in participant lists only "
        "if they agree to it, and blogs appear in the planet only if their authors agree "
        "to be aggregated. To change or remove information about yourself, contact the "
        "organizers.",
        "coc_title": "Code of conduct",
        "coc": "{name} wants every participant to feel safe and respected, at the event and "
        "online.\n\n- Respect different views, backgrounds and languages.\n- Ask before you "
        "photograph, record or quote someone.\n- Harassment and discriminatory remarks are "
        "not accepted.\n\nIf something makes you or someone else uncomfortable, talk to "
        "any organizer. Every report is taken seriously and kept confidential.",
        "session_title": "Opening",
        "session": "Welcome to {name}. (Replace this session with your programme: `{path}`.)",
        "room": "Main room",
        "person": "Organizer",
        "bio": "Organizer of {name}. (Edit or replace this person: `{path}`.)",
    },
    "fr": {
        "description": "{name} est une rencontre annuelle. (Modifiez cette description dans "
        "content/conference.yaml.)",
        "edit": "*Cette page a été écrite par `invoke new-conference` comme point de "
        "départ : modifiez-la dans `{path}`.*",
        "about_title": "À propos de {name}",
        "about": "{name} réunit chaque année des personnes qui viennent parler, écouter et "
        "se rencontrer. Ce site conserve le programme, les intervenants et les billets des "
        "participants de chaque édition.\n\n## Participation et vie privée\n\nLes "
        "participants n’apparaissent dans les listes qu’avec leur accord, et leurs blogs "
        "ne sont agrégés que s’ils l’ont accepté. Pour modifier ou retirer des "
        "informations vous concernant, écrivez aux organisateurs.",
        "coc_title": "Code de conduite",
        "coc": "{name} veut que chaque participant se sente en sécurité et respecté, sur "
        "place comme en ligne.\n\n- Respectez les opinions, les parcours et les langues de "
        "chacun.\n- Demandez avant de photographier, d’enregistrer ou de citer "
        "quelqu’un.\n- Le harcèlement et les propos discriminatoires ne sont pas "
        "acceptés.\n\nSi quelque chose vous met mal à l’aise, vous ou quelqu’un d’autre, "
        "parlez-en à un organisateur. Chaque signalement est pris au sérieux et reste "
        "confidentiel.",
        "session_title": "Ouverture",
        "session": "Bienvenue à {name}. (Remplacez cette séance par votre programme : `{path}`.)",
        "room": "Grande salle",
        "person": "Organisation",
        "bio": "Organisation de {name}. (Modifiez ou remplacez cette personne : `{path}`.)",
    },
    "zh-Hans": {
        "description": "{name}是一年一度的聚会。（请在 content/conference.yaml 中修改这段介绍。）",
        "edit": "*本页由 `invoke new-conference` 生成，只是一个起点：请在 `{path}` 中修改。*",
        "about_title": "关于{name}",
        "about": "{name}每年举办一次，让大家聚在一起交流、倾听和结识新朋友。本站收录历届的日程、"
        "演讲者和参会者的文章。\n\n## 参与和隐私\n\n参会者只有在同意后才会出现在参会者名单中，"
        "博客也只有在作者同意后才会被聚合。如需修改或删除与您有关的信息，请联系组织者。",
        "coc_title": "行为准则",
        "coc": "{name}希望每一位参与者无论在现场还是在网上，都感到安全、受到尊重。\n\n"
        "- 尊重不同的观点、背景和语言。\n- 拍照、录音或引用他人之前，先征得同意。\n"
        "- 不接受骚扰和歧视性言论。\n\n如果有什么让您或他人感到不适，请告诉任何一位组织者。"
        "每一个报告都会被认真对待并予以保密。",
        "session_title": "开幕",
        "session": "欢迎来到{name}。（请用您的日程替换这个议程：`{path}`。）",
        "room": "主会场",
        "person": "组织者",
        "bio": "{name}的组织者。（请修改或替换此人：`{path}`。）",
    },
}

#: What a language without texts of its own gets before the English ones.
UNTRANSLATED = "*(To be translated into {tag}.)*"


def texts_for(tag: str) -> dict[str, str]:
    """The texts of ``tag``; English marked as untranslated for a language without any."""
    if tag in TEXTS:
        return TEXTS[tag]
    english = dict(TEXTS["en"])
    english["edit"] = UNTRANSLATED.format(tag=tag) + " " + english["edit"]
    return english
