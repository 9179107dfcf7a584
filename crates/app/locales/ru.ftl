# Отказы по их постоянному коду. Переменные берутся из подробностей отказа; суммы уже записаны в
# валюте арендатора.
insufficient_stock = Недостаточно { $product_code } на складе { $warehouse_id }: в наличии { $available }, запрошено { $requested }
product_without_cost = У { $product_code } ещё нет себестоимости: оприходуйте товар или задайте себестоимость до продажи
payment_mismatch = Сумма оплат { $paid_amount }, итог продажи { $total_amount }
credit_limit_exceeded = Эта продажа превышает кредитный лимит покупателя { $credit_limit } (баланс { $balance }, продажа { $requested })
no_open_session = На кассе { $cash_register_id } нет открытой смены: сначала откройте смену
session_closed = Смена кассира { $cashier_session_id } закрыта
session_already_open = На кассе { $cash_register_id } уже открыта смена ({ $cashier_session_id })
not_found = { $field } не существует
forbidden = Для этого нужно право { $permission }
unauthorized = Сначала войдите: нужен действующий токен или сеанс
invalid_credentials = Неверное имя пользователя или пароль
account_locked = Слишком много неудачных попыток входа: повторите через { $retry_after_seconds } с
cross_site_refused = Запрос пришёл с другого сайта; войдите в Mizan на его собственной странице
invalid_field = Недопустимое значение в поле { $field }
malformed_json = Тело запроса — не корректный JSON
too_many_decimals = Слишком много знаков после запятой в { $field }
idempotency_key_reused = Этот Idempotency-Key уже использован с другим запросом
sale_already_completed = Продажа уже завершена; её нельзя оплатить повторно
username_taken = Такое имя пользователя уже занято
cannot_change_own_access = Нельзя отключить свою учётную запись или изменить свою роль
body_too_large = Тело запроса больше 1 МиБ
body_timeout = Тело запроса не пришло вовремя
duplicate_code = Запись с таким кодом уже существует
discount_over_limit = Ваша роль позволяет скидку не больше { $max_discount_percent }% на строку ({ $field })
