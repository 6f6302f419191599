"""The portal's categories (chuyên mục): created on first use by `services.categories.category_ensure`, so no data
migration is needed; administrators may add others in the admin."""

# slug, name, order
CATEGORIES = [
    ("tin-hoat-dong", "Tin hoạt động", 10),
    ("dao-tao-nghe", "Đào tạo nghề", 20),
    ("hoi-cho-trien-lam", "Hội chợ, triển lãm", 30),
    ("san-pham-ocop", "Sản phẩm OCOP, sản phẩm tiêu biểu", 40),
]
# Where an article written from the figures goes.
FIGURES_CATEGORY = "tin-hoat-dong"
