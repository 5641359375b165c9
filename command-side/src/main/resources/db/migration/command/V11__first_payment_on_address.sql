-- When the first transfer to the address was matched. Matching a transfer and cancelling its invoice both lock the
-- address's row, so exactly one of them wins: a cancel after a matched payment is refused, a payment after a cancel
-- is matched to the cancelled invoice (which records it as the merchant's unapplied funds).
ALTER TABLE command.deposit_addresses ADD COLUMN first_payment_at TIMESTAMPTZ;
