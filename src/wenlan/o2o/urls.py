from django.urls import path

from wenlan.o2o.views import delivery as delivery_views
from wenlan.o2o.views import delivery_reader
from wenlan.o2o.views import handon as handon_views
from wenlan.o2o.views import rules as rule_views
from wenlan.o2o.views import settlements as settlement_views
from wenlan.o2o.views import store_orders as store_order_views
from wenlan.o2o.views import suggestions as suggestion_views
from wenlan.o2o.views import till as till_views

app_name = "o2o"
urlpatterns = [
    path("staff/o2o/till/", till_views.till, name="till"),
    path("staff/o2o/till/lend/", till_views.till_lend, name="till_lend"),
    path("staff/o2o/till/return/", till_views.till_return, name="till_return"),
    path("staff/o2o/loans/", till_views.store_loans, name="store_loans"),
    path("staff/o2o/rules/", rule_views.rule_list, name="rule_list"),
    path("staff/o2o/rules/network/", rule_views.rule_edit_network, name="rule_edit_network"),
    path("staff/o2o/rules/<id:bookstore_id>/", rule_views.rule_edit_store, name="rule_edit_store"),
    path(
        "staff/o2o/rules/<id:bookstore_id>/reset/",
        rule_views.rule_reset_store,
        name="rule_reset_store",
    ),
    path(
        "staff/o2o/bookstores/<id:library_id>/enrol/",
        rule_views.bookstore_enrol,
        name="bookstore_enrol",
    ),
    path("staff/o2o/settlements/", settlement_views.settlement_list, name="settlement_list"),
    path(
        "staff/o2o/settlements/<id:bookstore_id>/<str:period>/",
        settlement_views.statement,
        name="statement",
    ),
    path(
        "staff/o2o/settlements/<id:bookstore_id>/<str:period>/accept-library/",
        settlement_views.settlement_accept_library,
        name="settlement_accept_library",
    ),
    path(
        "staff/o2o/settlements/<id:bookstore_id>/<str:period>/accept-store/",
        settlement_views.settlement_accept_store,
        name="settlement_accept_store",
    ),
    path(
        "staff/o2o/settlements/<id:bookstore_id>/<str:period>/statement.xlsx",
        settlement_views.statement_export,
        name="statement_export",
    ),
    path("me/handon/", handon_views.handon_home, name="handon_home"),
    path("me/handon/accept/", handon_views.handon_accept, name="handon_accept"),
    path("me/handon/offer/<id:loan_id>/", handon_views.handon_offer, name="handon_offer"),
    path("me/handon/<id:offer_id>/", handon_views.handon_detail, name="handon_detail"),
    path("me/handon/<id:offer_id>/withdraw/", handon_views.handon_withdraw, name="handon_withdraw"),
    path("me/handon/<id:offer_id>/decline/", handon_views.handon_decline, name="handon_decline"),
    path("me/suggestions/", suggestion_views.my_suggestions, name="my_suggestions"),
    path("staff/o2o/suggestions/", suggestion_views.suggestion_queue, name="suggestion_queue"),
    path(
        "staff/o2o/suggestions/orders/",
        suggestion_views.suggestion_orders,
        name="suggestion_orders",
    ),
    path(
        "staff/o2o/suggestions/orders.xlsx",
        suggestion_views.suggestion_orders_export,
        name="suggestion_orders_export",
    ),
    path(
        "staff/o2o/suggestions/<id:suggestion_id>/accept/",
        suggestion_views.suggestion_accept,
        name="suggestion_accept",
    ),
    path(
        "staff/o2o/suggestions/<id:suggestion_id>/decline/",
        suggestion_views.suggestion_decline,
        name="suggestion_decline",
    ),
    path(
        "staff/o2o/suggestions/<id:suggestion_id>/receive/",
        suggestion_views.suggestion_receive,
        name="suggestion_receive",
    ),
    path("me/bookstores/", store_order_views.my_store_orders, name="my_store_orders"),
    path(
        "me/bookstores/<id:listing_id>/order/",
        store_order_views.my_store_order_place,
        name="my_store_order_place",
    ),
    path(
        "me/bookstores/orders/<id:order_id>/cancel/",
        store_order_views.my_store_order_cancel,
        name="my_store_order_cancel",
    ),
    path("staff/o2o/store-orders/", store_order_views.store_orders, name="store_orders"),
    path(
        "staff/o2o/store-orders/listing/",
        store_order_views.store_listing_save,
        name="store_listing_save",
    ),
    path(
        "staff/o2o/store-orders/<id:order_id>/ready/",
        store_order_views.store_order_ready,
        name="store_order_ready",
    ),
    path(
        "staff/o2o/store-orders/<id:order_id>/collected/",
        store_order_views.store_order_collected,
        name="store_order_collected",
    ),
    path(
        "staff/o2o/store-orders/<id:order_id>/cancel/",
        store_order_views.store_order_cancel,
        name="store_order_cancel",
    ),
]

# 悦借: the reader's pages, then the staff's.
urlpatterns += [
    path("me/deliveries/", delivery_reader.my_deliveries, name="my_deliveries"),
    path("me/deliveries/new/", delivery_reader.delivery_new, name="delivery_new"),
    path("me/deliveries/basket/", delivery_reader.delivery_basket_add, name="delivery_basket_add"),
    path(
        "me/deliveries/basket/remove/",
        delivery_reader.delivery_basket_remove,
        name="delivery_basket_remove",
    ),
    path(
        "me/deliveries/record/<id:record_id>/",
        delivery_reader.delivery_copies,
        name="delivery_copies",
    ),
    path("me/deliveries/<id:order_id>/", delivery_reader.my_delivery, name="my_delivery"),
    path(
        "me/deliveries/<id:order_id>/cancel/",
        delivery_reader.delivery_cancel,
        name="delivery_cancel",
    ),
    path(
        "me/deliveries/parcels/<id:parcel_id>/return/",
        delivery_reader.delivery_return_request,
        name="delivery_return_request",
    ),
    path("staff/o2o/deliveries/", delivery_views.delivery_queue, name="delivery_queue"),
    path("staff/o2o/deliveries/pick-list/", delivery_views.pick_list, name="pick_list"),
    path("staff/o2o/parcels/<id:parcel_id>/", delivery_views.parcel_detail, name="parcel_detail"),
    path("staff/o2o/parcels/<id:parcel_id>/pick/", delivery_views.parcel_pick, name="parcel_pick"),
    path(
        "staff/o2o/parcel-lines/<id:line_id>/missing/",
        delivery_views.line_missing,
        name="line_missing",
    ),
    path(
        "staff/o2o/parcels/<id:parcel_id>/pack/",
        delivery_views.parcel_pack_view,
        name="parcel_pack",
    ),
    path(
        "staff/o2o/parcels/<id:parcel_id>/dispatch/",
        delivery_views.parcel_dispatch_view,
        name="parcel_dispatch",
    ),
    path(
        "staff/o2o/parcels/<id:parcel_id>/deliver/",
        delivery_views.parcel_deliver_view,
        name="parcel_deliver",
    ),
    path(
        "staff/o2o/parcels/<id:parcel_id>/locker/",
        delivery_views.parcel_locker_view,
        name="parcel_locker",
    ),
    path(
        "staff/o2o/parcels/<id:parcel_id>/fail/",
        delivery_views.parcel_fail_view,
        name="parcel_fail",
    ),
    path(
        "staff/o2o/parcels/<id:parcel_id>/uncollected/",
        delivery_views.parcel_uncollected_view,
        name="parcel_uncollected",
    ),
    path(
        "staff/o2o/parcels/<id:parcel_id>/return-received/",
        delivery_views.parcel_return_receive_view,
        name="parcel_return_receive",
    ),
    path(
        "staff/o2o/parcels/<id:parcel_id>/courier/",
        delivery_views.parcel_courier_view,
        name="parcel_courier",
    ),
    path("staff/o2o/delivery-fees/", delivery_views.delivery_fees, name="delivery_fees"),
    path(
        "staff/o2o/delivery-fees/<id:reader_id>/settle/",
        delivery_views.delivery_fees_settle_view,
        name="delivery_fees_settle",
    ),
    path(
        "staff/o2o/pickup-points/<id:point_id>/collect/",
        delivery_views.locker_collect,
        name="locker_collect",
    ),
]
