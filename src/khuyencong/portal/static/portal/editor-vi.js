// The rich-text editor's dialogs in Vietnamese: django-prose-editor asks window.gettext for its words (Django's
// JavaScript catalog is not loaded on these pages). Loaded before the editor; English pages keep the editor's own.
(function () {
  if (window.gettext || document.documentElement.lang !== "vi") return;
  const vi = {
    "Add caption": "Thêm chú thích", "Remove caption": "Bỏ chú thích", "Alternative Text": "Mô tả ảnh (alt)",
    "Caption": "Chú thích", "Cancel": "Huỷ", "Edit Figure": "Sửa ảnh", "Edit Image": "Sửa ảnh",
    "Insert Figure": "Chèn ảnh", "Image URL": "Địa chỉ ảnh", "Edit Link": "Sửa liên kết", "URL": "Địa chỉ",
    "Title": "Tiêu đề", "Insert": "Chèn", "Update": "Cập nhật", "Open in new window": "Mở cửa sổ mới",
    "Bullets": "Dấu chấm", "Decimal numbers": "Số thứ tự", "List properties": "Thuộc tính danh sách",
    "List type": "Kiểu danh sách", "Start at": "Bắt đầu từ", "Lowercase letters": "Chữ thường",
    "Uppercase letters": "Chữ hoa", "Lowercase Roman numerals": "Số La Mã thường",
    "Uppercase Roman numerals": "Số La Mã hoa", "Browse...": "Chọn…",
  };
  window.gettext = function (text) { return vi[text] || text; };
})();
