"""Vietnamese names for the demo: people (with gender), villages, establishments, products. Pure functions of a
`random.Random`, so the same seed gives the same names."""

import random

SURNAMES = ["Nguyễn"] * 8 + ["Trần"] * 3 + ["Lê"] * 3 + ["Phạm"] * 2 + [
    "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô", "Dương", "Đinh", "Lý", "Phan", "Trịnh", "Đào", "Nghiêm", "Kiều",
    "Khuất", "Chu", "Tạ", "Lưu", "Hà", "Mai"]
MIDDLE = {"male": ["Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Xuân", "Mạnh", "Tiến"],
          "female": ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Kim", "Phương"]}
GIVEN = {"male": ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Huy", "Khánh", "Long", "Nam",
                  "Phong", "Quân", "Sơn", "Thắng", "Thành", "Trung", "Tuấn", "Tùng", "Việt", "Vinh"],
         "female": ["Anh", "Châu", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hạnh", "Hoa", "Huyền", "Lan", "Liên",
                    "Linh", "Loan", "Mai", "Nga", "Ngân", "Nhung", "Oanh", "Phượng", "Thảo", "Thủy", "Trang",
                    "Vân", "Yến"]}

# Syllables of northern village names (thôn, xóm, làng).
FIRST = ["Phú", "Đông", "Xuân", "An", "Hòa", "Thượng", "Hạ", "Văn", "Thanh", "Đại", "Tiên", "Phương", "Bình",
         "Kim", "Ngọc", "Hương", "Yên", "Vĩnh", "Cao", "Phúc", "Thụy", "Lạc", "Trung", "Tân", "Mỹ", "Đồng", "Nhân",
         "Quang", "Hữu", "Thái"]
SECOND = ["Xá", "Lâm", "Khê", "Trì", "Vân", "Thôn", "Đình", "Lộc", "Mỹ", "Dương", "Nội", "Ngoại", "Sơn", "Hà",
          "Thọ", "Lễ", "Châu", "Hưng", "Phong", "Tảo", "Liệt", "Cầu", "Viên", "Đoài", "Chùa", "Giáp", "Thịnh",
          "Trạch", "Kiều", "Hội"]

# Hanoi's crafts, with how common they are among its craft villages.
CRAFTS = [("Mây tre đan", 20), ("Chế biến nông sản, thực phẩm", 14), ("Dệt may", 8), ("Chạm khắc gỗ", 7),
          ("Đồ gỗ mỹ nghệ", 7), ("Thêu ren", 6), ("Cơ khí", 5), ("Sơn mài", 4), ("Gốm sứ", 3), ("Làm hương", 3),
          ("Khảm trai", 3), ("Da giày", 3), ("Làm nón", 2), ("Tái chế", 2), ("Điêu khắc đá", 2),
          ("Sản xuất vật liệu xây dựng", 2), ("Dát vàng bạc quỳ", 1), ("Tiện gỗ", 2), ("Bánh kẹo", 2),
          ("Làm đồ chơi dân gian", 1), ("Bún, bánh", 3)]

PRODUCT_WORDS = {
    "Mây tre đan": ["Giỏ mây đan", "Đèn tre", "Khay mây", "Bộ bàn ghế mây", "Hộp tre"],
    "Chế biến nông sản, thực phẩm": ["Miến dong", "Bánh đa nem", "Tương", "Giò chả", "Chè sấy"],
    "Dệt may": ["Khăn lụa tơ tằm", "Áo dài lụa", "Vải thổ cẩm", "Túi vải"],
    "Chạm khắc gỗ": ["Tượng gỗ", "Hoành phi câu đối", "Tranh gỗ chạm"],
    "Đồ gỗ mỹ nghệ": ["Sập gụ", "Tủ chè", "Bàn trà", "Sập gỗ"],
    "Thêu ren": ["Tranh thêu", "Khăn trải bàn thêu", "Gối thêu tay"],
    "Sơn mài": ["Tranh sơn mài", "Bình sơn mài", "Hộp sơn mài"],
    "Gốm sứ": ["Bình gốm men lam", "Bộ ấm chén men rạn", "Lọ hoa gốm"],
    "Khảm trai": ["Hộp khảm trai", "Tranh khảm trai", "Khay khảm trai"],
}
MOTIFS = ["hoa sen", "trống đồng", "chim lạc", "rồng phượng", "hoa mai", "tre trúc", "phố cổ", "Hồ Gươm",
          "hoa văn Đông Sơn", "cúc hoạ mi", "lục giác", "sen hồng"]


def person(rng: random.Random) -> tuple[str, str]:
    """(full name, gender) — gender "male" or "female"."""
    gender = "female" if rng.random() < 0.58 else "male"
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}", gender


def village_name(rng: random.Random, used: set) -> str:
    while True:
        name = f"{rng.choice(FIRST)} {rng.choice(SECOND)}"
        if name not in used:
            used.add(name)
            return name
        if len(used) > 850:  # the pool is nearly used: a numbered hamlet of it
            name = f"{name} {rng.randint(1, 9)}"
            if name not in used:
                used.add(name)
                return name


def weighted_craft(rng: random.Random) -> str:
    names, weights = zip(*CRAFTS, strict=True)
    return rng.choices(names, weights)[0]


def establishment_name(rng: random.Random, kind: str, craft: str, place: str) -> str:
    owner, _gender = person(rng)
    trade = craft.split(",")[0].lower()
    title = trade[0].upper() + trade[1:]  # a firm's name is capitalised: "HTX Mây tre đan Phú Vinh"
    if kind == "DN":
        return rng.choice([f"Công ty TNHH {title} {place}", f"Công ty CP {title} {place}",
                           f"Công ty TNHH {owner.split()[-1]} {place}"])
    if kind == "HTX":
        return f"HTX {title} {place}"
    if kind == "THT":
        return f"Tổ hợp tác {trade} {place}"
    return rng.choice([f"Hộ kinh doanh {owner}", f"Cơ sở {trade} {owner}"])


def product_name(rng: random.Random, craft: str) -> str:
    words = PRODUCT_WORDS.get(craft) or ["Sản phẩm " + craft.lower()]
    return f"{rng.choice(words)} {rng.choice(MOTIFS)}"


def id_number(rng: random.Random, born: int, gender: str) -> str:
    """A 12-digit CCCD of Hà Nội (001), with the century-and-gender digit of its fourth place."""
    digit = ("0" if gender == "male" else "1") if born < 2000 else ("2" if gender == "male" else "3")
    return f"001{digit}{born % 100:02d}{rng.randint(0, 999_999):06d}"
