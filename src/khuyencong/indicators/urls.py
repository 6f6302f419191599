from django.urls import path

from khuyencong.indicators.views import dashboards, data_values, quality, results, targets

app_name = "indicators"

urlpatterns = [
    path("", results.index, name="index"),
    path("danh-muc/", results.catalogue, name="catalogue"),
    path("chuong-trinh/", dashboards.programme, name="programme"),
    path("tong-hop/", dashboards.pivot_table, name="pivot"),
    path("so-lieu/", data_values.grid, name="data_entry"),
    path("so-lieu/o/", data_values.cell_save, name="cell_save"),
    path("so-lieu/gui-tat-ca/", data_values.submit_all, name="submit_all"),
    path("so-lieu/<int:pk>/gui-duyet/", data_values.value_submit, name="value_submit"),
    path("so-lieu/<int:pk>/duyet/", data_values.value_approve, name="value_approve"),
    path("so-lieu/<int:pk>/mo-khoa/", data_values.value_unlock, name="value_unlock"),
    path("so-lieu/<int:pk>/lich-su/", data_values.value_history, name="value_history"),
    path("muc-tieu/", targets.target_list_view, name="target_list"),
    path("muc-tieu/them/", targets.target_create, name="target_create"),
    path("muc-tieu/<int:pk>/sua/", targets.target_edit, name="target_edit"),
    path("muc-tieu/<int:pk>/xoa/", targets.target_delete, name="target_delete"),
    path("chat-luong/", quality.flag_list, name="quality"),
    path("chat-luong/<int:pk>/", quality.flag_detail, name="flag_detail"),
    path("chat-luong/<int:pk>/kiem-tra/", quality.flag_check_view, name="flag_check"),
]
