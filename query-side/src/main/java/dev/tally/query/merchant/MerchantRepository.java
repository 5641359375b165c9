package dev.tally.query.merchant;

import org.springframework.data.jpa.repository.JpaRepository;

interface MerchantRepository extends JpaRepository<MerchantEntity, String> {
}
