from django import forms
from django.utils.translation import gettext_lazy as _

from khuyencong.geo.models import Hierarchy
from khuyencong.imports.models import ImportMode

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp XLSX hoặc CSV (UTF-8)"))
    hierarchy = forms.ChoiceField(label=_("Mã đơn vị theo hệ thống"), choices=Hierarchy.choices,
                                  initial=Hierarchy.CURRENT,
                                  help_text=_("Dùng khi tệp không có cột “Hệ thống mã đơn vị”."))
    mode = forms.ChoiceField(label=_("Chế độ"), initial=ImportMode.UPSERT, choices=ImportMode.choices,
                             help_text=_("Chỉ thêm mới: mã đã có là lỗi. Chỉ cập nhật: mã chưa có là lỗi."))
    dry_run = forms.BooleanField(label=_("Chỉ kiểm tra, không ghi"), required=False)
    valid_only = forms.BooleanField(label=_("Ghi các dòng hợp lệ, tải về các dòng lỗi"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Chỉ nhận tệp .xlsx hoặc .csv."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn 50 MB: hãy chia nhỏ hoặc dùng lệnh khuyencong import."))
        if upload.size == 0:
            raise forms.ValidationError(_("Tệp rỗng."))
        return upload
