from django.urls import path

from khuyencong.registry.views import duplicates, establishments, products, units, villages

app_name = "registry"

urlpatterns = [
    path("co-so/", establishments.establishment_list, name="establishment_list"),
    path("co-so/them/", establishments.establishment_create_view, name="establishment_create"),
    path("co-so/<int:pk>/", establishments.establishment_detail, name="establishment_detail"),
    path("co-so/<int:pk>/sua/", establishments.establishment_edit, name="establishment_edit"),
    path("co-so/<int:pk>/cong-khai/", establishments.establishment_listing, name="establishment_listing"),
    path("co-so/nghi-trung/", duplicates.duplicate_list, name="duplicate_list"),
    path("co-so/nghi-trung/<int:pk>/", duplicates.duplicate_resolve, name="duplicate_resolve"),
    path("co-so/kiem-tra-trung/", duplicates.duplicate_check, name="duplicate_check"),
    path("lang-nghe/", villages.village_list, name="village_list"),
    path("lang-nghe/them/", villages.village_create_view, name="village_create"),
    path("lang-nghe/ban-do/", villages.village_map, name="village_map"),
    path("lang-nghe/<int:pk>/", villages.village_detail, name="village_detail"),
    path("lang-nghe/<int:pk>/the/", villages.village_card, name="village_card"),
    path("lang-nghe/<int:pk>/sua/", villages.village_edit, name="village_edit"),
    path("lang-nghe/<int:pk>/so-lieu/", villages.village_year_save, name="village_year_save"),
    path("san-pham/", products.product_list, name="product_list"),
    path("san-pham/them/", products.product_create_view, name="product_create"),
    path("san-pham/<int:pk>/", products.product_detail, name="product_detail"),
    path("san-pham/<int:pk>/sua/", products.product_edit, name="product_edit"),
    path("san-pham/<int:pk>/chung-nhan/", products.certificate_add_view, name="certificate_add"),
    path("san-pham/<int:pk>/anh/", products.photo_upload, name="product_photo_upload"),
    path("san-pham/<int:pk>/anh/<int:photo_id>/", products.photo_file, name="product_photo"),
    path("san-pham/<int:pk>/anh/<int:photo_id>/go/", products.photo_remove, name="product_photo_remove"),
    path("don-vi/", units.unit_options, name="unit_options"),
]
