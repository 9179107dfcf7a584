# Refusals, keyed by their stable code. Variables come from the refusal's details; amounts are
# already written in the tenant's currency. A code missing here keeps the server's own message.
insufficient_stock = Not enough { $product_code } in warehouse { $warehouse_id }: available { $available }, requested { $requested }
product_without_cost = { $product_code } has no cost price yet: receive it or set its cost before selling it
payment_mismatch = Payments add up to { $paid_amount }, the total is { $total_amount }
credit_limit_exceeded = This sale would take the customer past their credit limit of { $credit_limit } (balance { $balance }, this sale { $requested })
no_open_session = Register { $cash_register_id } has no open cashier session: open one first
session_closed = Cashier session { $cashier_session_id } is closed
session_already_open = Register { $cash_register_id } already has an open session ({ $cashier_session_id })
not_found = { $field } does not exist
forbidden = You need the permission { $permission } for this
unauthorized = Sign in first: a valid token or session is required
invalid_credentials = Wrong user name or password
account_locked = Too many failed sign-ins: try again in { $retry_after_seconds } s
cross_site_refused = This request came from another site; sign in to Mizan on its own page
discount_over_limit = Your role may give at most { $max_discount_percent }% off a line ({ $field })
wrong_branch = Branch { $branch_id } is not one of your branches
device_not_registered = This shop signs people in only at registered devices: ask a manager to register this one
approval_refused = The approval was refused: check the approver's user name and password
too_many_sign_ins = Too many failed sign-ins from this address: try again in { $retry_after_seconds } s
return_exceeds_sale = { $field }: only { $sold } were sold and { $returned } already returned, so { $requested } cannot come back
insufficient_cash = The drawer holds { $available }; it cannot pay out { $requested }
return_exceeds_purchase = { $field }: only { $bought } were bought and { $returned } already sent back, so { $requested } cannot go back
payment_exceeds_balance = The customer owes { $balance }; a payment of { $requested } is more than that
allocation_exceeds_open = { $field }: sale { $sale_id } has { $open } open, so { $requested } cannot settle it
product_not_stocked = { $field }: this product does not track stock
